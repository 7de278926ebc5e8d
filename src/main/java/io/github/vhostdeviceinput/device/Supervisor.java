// Starts every device's server, stops them all on request, and cleans up sockets and grabs.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.virtio.InputConfig;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** All devices of one process. */
public final class Supervisor {
  private static final Logger LOG = System.getLogger(Supervisor.class.getName());

  private final Settings settings;
  private final List<DeviceServer> servers;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean stopping;

  private Supervisor(Settings settings, List<DeviceServer> servers) {
    this.settings = settings;
    this.servers = servers;
  }

  /**
   * Checks and opens every device and socket and starts one thread per device, or explains in one
   * line why it cannot; then nothing is left open or listening.
   */
  public static Supervisor start(Settings settings) throws StartupException {
    Sockets.checkAll(settings);
    List<Long> evdevs = HostDevices.openAll(settings.devices(), settings.grab());
    List<InputConfig> configs = new ArrayList<>();
    try {
      for (int i = 0; i < evdevs.size(); i++) {
        configs.add(InputConfig.from(DeviceFactsReader.read(evdevs.get(i))));
      }
    } catch (NativeException e) {
      evdevs.forEach(Native::evdevClose);
      throw new StartupException(e.getMessage());
    }
    List<Integer> listeners;
    try {
      listeners = Sockets.listenAll(settings);
    } catch (StartupException e) {
      evdevs.forEach(Native::evdevClose);
      throw e;
    }

    List<DeviceServer> servers = new ArrayList<>();
    for (int i = 0; i < evdevs.size(); i++) {
      long device;
      try {
        device = Native.deviceCreate(evdevs.get(i), listeners.get(i), settings.burstRate());
      } catch (NativeException e) {
        for (int j = i; j < evdevs.size(); j++) {
          Native.evdevClose(evdevs.get(j));
          Native.close(listeners.get(j));
        }
        for (DeviceServer server : servers) {
          server.closeUnstarted();
        }
        removeSockets(settings);
        throw new StartupException(settings.devices().get(i) + ": " + e.getMessage());
      }
      servers.add(
          new DeviceServer(
              i, settings.devices().get(i), settings.socketPath(i), device, configs.get(i)));
    }
    for (int i = 0; i < servers.size(); i++) {
      servers.get(i).start();
      LOG.log(
          Level.INFO,
          "{0}: serving {1}{2}",
          settings.socketPath(i),
          settings.devices().get(i),
          settings.grab() ? " (grabbed)" : "");
    }
    return new Supervisor(settings, servers);
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops every device thread, then ungrabs and closes the devices and removes the socket files.
   * Idempotent; callable from any thread.
   */
  public void stop() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    servers.forEach(DeviceServer::stop);
    for (DeviceServer server : servers) {
      try {
        server.awaitAndClose();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    removeSockets(settings);
    LOG.log(Level.INFO, "stopped");
    stopped.countDown();
  }

  private static void removeSockets(Settings settings) {
    for (int i = 0; i < settings.devices().size(); i++) {
      Sockets.removeQuietly(settings.socketPath(i));
    }
  }
}
