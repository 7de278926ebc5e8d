// Starts every device's server, stops them all on request, and cleans up sockets and grabs.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Native;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** All devices of one process. */
public final class Supervisor {
  private static final Logger LOG = System.getLogger(Supervisor.class.getName());

  private final Settings settings;
  private final List<Long> devices;
  private final List<Integer> listeners;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private Supervisor(Settings settings, List<Long> devices, List<Integer> listeners) {
    this.settings = settings;
    this.devices = devices;
    this.listeners = listeners;
  }

  /** Opens every device and socket, or explains in one line why it cannot. */
  public static Supervisor start(Settings settings) throws StartupException {
    Sockets.checkAll(settings);
    List<Long> devices = HostDevices.openAll(settings.devices(), settings.grab());
    List<Integer> listeners;
    try {
      listeners = Sockets.listenAll(settings);
    } catch (StartupException e) {
      devices.forEach(Native::evdevClose);
      throw e;
    }
    for (int i = 0; i < devices.size(); i++) {
      LOG.log(
          Level.INFO,
          "listening on {0} for {1}{2}",
          settings.socketPath(i),
          settings.devices().get(i),
          settings.grab() ? " (grabbed)" : "");
    }
    return new Supervisor(settings, devices, listeners);
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** Closes every socket and device, removing the socket files. Idempotent. */
  public synchronized void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
    for (int i = 0; i < listeners.size(); i++) {
      Native.close(listeners.get(i));
      Sockets.removeQuietly(settings.socketPath(i));
    }
    devices.forEach(Native::evdevClose);
    LOG.log(Level.INFO, "stopped");
    stopped.countDown();
  }
}
