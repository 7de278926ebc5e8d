// The JNI seam: every native method, each behind a wrapper that turns -errno into NativeException.
package io.github.vhostdeviceinput.nativeio;

import java.nio.ByteBuffer;

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

  private static native int udsCheckFree0(String path);

  private static native int udsListen0(String path);

  /**
   * Checks that a socket can be created at path: nothing is there, or a stale socket file.
   * EADDRINUSE means a running process listens there; ENOTSOCK means some other file is there.
   */
  public static void udsCheckFree(String path) throws NativeException {
    check("check " + path, udsCheckFree0(path));
  }

  private static native int close0(int fd);

  private static native int udsAccept0(int listenFd);

  private static native int udsConnect0(String path);

  private static native int udsRecv0(int fd, ByteBuffer buf, int offset, int len, int[] fds);

  private static native int udsSend0(
      int fd, ByteBuffer buf, int offset, int len, int[] fds, int nfds);

  /** Accepts a pending connection; returns its fd, or -1 if none is pending. */
  public static int udsAccept(int listenFd) throws NativeException {
    int rc = udsAccept0(listenFd);
    if (rc == -Errno.EAGAIN) {
      return -1;
    }
    return (int) check("accept", rc);
  }

  /** Connects to the Unix socket at path, as a front-end does; returns the fd. */
  public static int udsConnect(String path) throws NativeException {
    return (int) check("connect to " + path, udsConnect0(path));
  }

  /**
   * Receives up to {@code len} bytes into the direct buffer {@code buf} at {@code offset}, and
   * the fds sent with them (SCM_RIGHTS) into {@code fds}; unused slots are set to -1. The caller
   * owns the received fds. Receiving more fds than {@code fds} holds closes them all and fails
   * with EPROTO.
   *
   * @return the number of bytes received; 0 at end of stream
   */
  public static int udsRecv(int fd, ByteBuffer buf, int offset, int len, int[] fds)
      throws NativeException {
    return (int) check("receive", udsRecv0(fd, buf, offset, len, fds));
  }

  /**
   * Sends {@code len} bytes of the direct buffer {@code buf} from {@code offset}, with the first
   * {@code nfds} of {@code fds} attached.
   *
   * @return the number of bytes sent
   */
  public static int udsSend(int fd, ByteBuffer buf, int offset, int len, int[] fds, int nfds)
      throws NativeException {
    return (int) check("send", udsSend0(fd, buf, offset, len, fds, nfds));
  }

  // --- memfd, eventfd, poll ---

  private static native int memfdCreate0(String name, long size);

  private static native int eventfdCreate0();

  private static native int eventfdWrite0(int fd, long value);

  private static native long eventfdRead0(int fd);

  private static native int pollIn0(int fd, int timeoutMs);

  /** poll(2) bits, as returned by {@link #pollIn}. */
  public static final int POLLIN = 0x1;

  public static final int POLLERR = 0x8;
  public static final int POLLHUP = 0x10;

  /** Creates a memfd of {@code size} bytes whose size is sealed; returns its fd. */
  public static int memfdCreate(String name, long size) throws NativeException {
    return (int) check("memfd_create " + name, memfdCreate0(name, size));
  }

  /** Creates a non-blocking eventfd; returns its fd. */
  public static int eventfdCreate() throws NativeException {
    return (int) check("eventfd", eventfdCreate0());
  }

  /** Adds {@code value} to the eventfd's counter, waking its reader. */
  public static void eventfdWrite(int fd, long value) throws NativeException {
    check("eventfd write", eventfdWrite0(fd, value));
  }

  /** Reads and resets the eventfd's counter; returns 0 if it was zero. */
  public static long eventfdRead(int fd) throws NativeException {
    long rc = eventfdRead0(fd);
    if (rc == -Errno.EAGAIN) {
      return 0;
    }
    return check("eventfd read", rc);
  }

  /**
   * Waits until fd is readable, hung up or in error, or the timeout passes (-1: forever).
   *
   * @return the poll revents bits, 0 on timeout
   */
  public static int pollIn(int fd, int timeoutMs) throws NativeException {
    return (int) check("poll", pollIn0(fd, timeoutMs));
  }

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
