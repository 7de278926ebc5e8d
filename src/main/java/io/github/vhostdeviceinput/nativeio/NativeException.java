// The typed exception for a failed native call: which operation, and which errno.
package io.github.vhostdeviceinput.nativeio;

import java.io.IOException;

/** A native call returned {@code -errno}. */
public final class NativeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final int errno;

  NativeException(String operation, int errno) {
    super(operation + ": " + Native.strerror(errno));
    this.operation = operation;
    this.errno = errno;
  }

  /**
   * The exception a native call fails with, for the test JNI library's wrappers and for fakes of
   * native-backed interfaces in tests of error paths; production code gets it from {@link Native}.
   */
  public static NativeException of(String operation, int errno) {
    return new NativeException(operation, errno);
  }

  /** What was being done, e.g. {@code "open /dev/input/event3"}. */
  public String operation() {
    return operation;
  }

  /** The positive errno value. */
  public int errno() {
    return errno;
  }

  /** The C library's text for the errno, e.g. "No such file or directory". */
  public String reason() {
    return Native.strerror(errno);
  }
}
