// The natives only tests use (memfd, eventfd, poll, accept, connect), from the test JNI library.
package io.github.vhostdeviceinput.testjni;

import io.github.vhostdeviceinput.nativeio.Errno;
import io.github.vhostdeviceinput.nativeio.NativeException;

/**
 * What a test front-end or a fake back-end needs from the kernel beyond the product's {@link
 * io.github.vhostdeviceinput.nativeio.Native}: memfds for guest RAM, eventfds for kicks and calls,
 * poll, and both ends of a Unix socket. Its natives live in {@code libvdi_testjni.so}
 * (tests-integration/testjni), so the product's library carries none of them.
 *
 * <p>As in {@code Native}, each {@code foo0} returns a value {@code >= 0} or {@code -errno}; its
 * wrapper {@code foo} throws {@link NativeException} naming the operation.
 */
public final class TestNative {
  /** The library's name for {@link System#loadLibrary}: libvdi_testjni.so. */
  static final String LIBRARY = "vdi_testjni";

  static {
    try {
      System.loadLibrary(LIBRARY);
    } catch (UnsatisfiedLinkError e) {
      throw new UnsatisfiedLinkError(
          "cannot load the test JNI library "
              + System.mapLibraryName(LIBRARY)
              + " (Maven builds it into target/cmake/lib in process-test-classes): "
              + e.getMessage());
    }
  }

  private TestNative() {}

  private static native int udsAccept0(int listenFd);

  private static native int udsConnect0(String path);

  private static native int memfdCreate0(String name, long size);

  private static native int eventfdCreate0();

  private static native int eventfdWrite0(int fd, long value);

  private static native long eventfdRead0(int fd);

  private static native int pollIn0(int fd, int timeoutMs);

  // --- Unix sockets: the product listens, receives and sends; tests also accept and connect ---

  /**
   * Accepts a pending connection, as the product's data plane does (with its I/O timeouts); returns
   * its fd, or -1 if none is pending.
   */
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

  // --- memfd, eventfd, poll ---

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

  private static long check(String operation, long rc) throws NativeException {
    if (rc < 0) {
      throw NativeException.of(operation, (int) -rc);
    }
    return rc;
  }
}
