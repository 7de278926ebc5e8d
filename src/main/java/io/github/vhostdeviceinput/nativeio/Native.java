// The JNI seam: every native method, each behind a wrapper that turns -errno into NativeException.
package io.github.vhostdeviceinput.nativeio;

/**
 * The only class with native methods. Each {@code foo0} returns a value {@code >= 0} or {@code
 * -errno}; its wrapper {@code foo} throws {@link NativeException} naming the operation.
 */
public final class Native {
  static {
    NativeLibrary.load();
  }

  private Native() {}

  // --- errors ---

  static native String strerror0(int errnum);

  /** The C library's text for errno, e.g. "Permission denied". */
  public static String strerror(int errno) {
    return strerror0(errno);
  }

  // --- host evdev devices ---

  private static native long evdevOpen0(String path);

  private static native int evdevGrab0(long device, boolean grab);

  private static native void evdevClose0(long device);

  /** Opens an evdev device; returns its handle. ENOTTY means "not an evdev device". */
  public static long evdevOpen(String path) throws NativeException {
    return check(path, evdevOpen0(path));
  }

  /** Grabs or ungrabs the device. EBUSY means another process holds a grab. */
  public static void evdevGrab(long device, boolean grab) throws NativeException {
    check(grab ? "grab" : "ungrab", evdevGrab0(device, grab));
  }

  /** Ungrabs and closes the device. */
  public static void evdevClose(long device) {
    evdevClose0(device);
  }

  // --- Unix sockets ---

  private static native int udsListen0(String path);

  private static native int close0(int fd);

  /**
   * Listens on a Unix socket at path, replacing a stale socket file. EADDRINUSE means a running
   * process listens there; ENOTSOCK means path is some other file.
   */
  public static int udsListen(String path) throws NativeException {
    return (int) check("listen on " + path, udsListen0(path));
  }

  /** Closes fd; errors are ignored, since nothing can be done about them. */
  public static void close(int fd) {
    if (fd >= 0) {
      close0(fd);
    }
  }

  // --- process ---

  private static native int stopSignalsInstall0();

  private static native int stopSignalsWait0();

  /** Takes over SIGINT and SIGTERM: the first is queued for {@link #stopSignalsWait}, a second
   * exits the process at once with 128 + its number. */
  public static void stopSignalsInstall() throws NativeException {
    check("install signal handlers", stopSignalsInstall0());
  }

  /** Blocks until the first SIGINT or SIGTERM; returns its number. */
  public static int stopSignalsWait() throws NativeException {
    return (int) check("wait for signals", stopSignalsWait0());
  }

  private static long check(String operation, long rc) throws NativeException {
    if (rc < 0) {
      throw new NativeException(operation, (int) -rc);
    }
    return rc;
  }
}
