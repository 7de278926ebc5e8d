// Failure of the QEMU test guest or its agent, with the end of the guest's output attached.
package io.github.vhostdeviceinput.guest;

/** Thrown when QEMU or the guest agent does not do what a test waits for. */
public final class GuestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by message. */
  public GuestException(String message) {
    super(message);
  }

  /** A failure described by message, caused by cause. */
  public GuestException(String message, Throwable cause) {
    super(message, cause);
  }
}
