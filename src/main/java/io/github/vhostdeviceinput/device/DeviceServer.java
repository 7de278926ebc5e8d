// One device's poll thread: pumps the native data plane and serves vhost-user messages between
// pumps.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.nativeio.Seam;
import io.github.vhostdeviceinput.vhostuser.Session;
import io.github.vhostdeviceinput.virtio.InputConfig;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Serves one host device on one socket. All of the device's state is touched by its own thread
 * only; other threads reach it through {@link #stop()}, which wakes the pump.
 */
final class DeviceServer implements Runnable {
  private static final Logger LOG = System.getLogger(DeviceServer.class.getName());

  private final String devicePath;
  private final String socketPath;
  private final long device;
  private final InputConfig config;
  private final NativeDataPlane dataPlane;
  private final Thread thread;
  private volatile boolean stopping;
  private Session session;

  /** Takes ownership of the native device handle. */
  DeviceServer(int index, String devicePath, String socketPath, long device, InputConfig config) {
    this.devicePath = devicePath;
    this.socketPath = socketPath;
    this.device = device;
    this.config = config;
    this.dataPlane = new NativeDataPlane(device);
    this.thread = new Thread(this, "input-" + index);
  }

  void start() {
    thread.start();
  }

  /** Asks the thread to finish; {@link #awaitAndClose} waits for it. */
  void stop() {
    stopping = true;
    try {
      Native.deviceWake(device);
    } catch (NativeException e) {
      LOG.log(Level.WARNING, devicePath + ": cannot wake the device thread: " + e.getMessage());
    }
  }

  /** Releases a device whose thread never started. */
  void closeUnstarted() {
    Native.deviceDestroy(device);
  }

  /** Waits for the thread, logs the counters, then releases the device (ungrab, close, unmap). */
  void awaitAndClose() throws InterruptedException {
    thread.join();
    try {
      LOG.log(Level.INFO, "{0}: {1}", devicePath, DeviceCounters.describe(counters()));
    } catch (NativeException e) {
      LOG.log(Level.WARNING, devicePath + ": cannot read counters: " + e.getMessage());
    }
    Native.deviceDestroy(device);
  }

  /** The native counters, indexed by {@link Seam.Counter#ordinal()}. */
  private long[] counters() throws NativeException {
    long[] values = new long[DeviceCounters.COUNT];
    Native.deviceCounters(device, values);
    return values;
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        int ready = Native.devicePump(device, -1);
        if ((ready & Seam.PUMP_DEVICE_GONE) != 0) {
          LOG.log(Level.WARNING, devicePath + ": device vanished; it is no longer read");
        }
        if ((ready & Seam.PUMP_RING_BROKEN) != 0) {
          LOG.log(
              Level.WARNING,
              "{0}: the guest driver corrupted a virtqueue; it is no longer used until the guest"
                  + " resets the device",
              socketPath);
        }
        if ((ready & Seam.PUMP_RING_STARTED) != 0) {
          LOG.log(
              Level.INFO, "{0}: the guest driver started the event ring: input flows", socketPath);
        }
        if ((ready & Seam.PUMP_RING_STOPPED) != 0) {
          LOG.log(
              Level.INFO,
              "{0}: the event ring stopped: input is discarded until it runs again",
              socketPath);
        }
        if ((ready & Seam.PUMP_SOCKET) != 0 && !stopping) {
          serveSocket();
        }
      }
    } catch (NativeException | RuntimeException e) {
      LOG.log(Level.ERROR, devicePath + ": device thread failed: " + e.getMessage());
    }
    if (session != null) {
      Native.deviceDisconnect(device);
      session = null;
    }
  }

  private void serveSocket() throws NativeException {
    if (session == null) {
      int fd = Native.deviceAccept(device);
      if (fd >= 0) {
        session = new Session(socketPath, new ConnectionSocket(fd), dataPlane, config);
        LOG.log(Level.INFO, "{0}: front-end connected", socketPath);
      }
      return;
    }
    if (!session.serviceOne()) {
      Native.deviceDisconnect(device);
      session = null;
      LOG.log(Level.INFO, "{0}: front-end disconnected", socketPath);
    }
  }
}
