// The failure of a vhost-user exchange, with why: timeout, disconnect, bad reply or a NACK.
package io.github.vhostdeviceinput.frontend;

import java.io.IOException;

/** A vhost-user exchange with the back-end failed; {@link #reason()} says how. */
public class VhostUserException extends IOException {
  private static final long serialVersionUID = 1L;

  /** How an exchange failed. */
  public enum Reason {
    /** No reply within the timeout. */
    TIMEOUT,
    /** The back-end closed the connection (or it broke). */
    CLOSED,
    /** The back-end sent something the protocol does not allow. */
    PROTOCOL,
    /** A REPLY_ACK came back non-zero. */
    NACK,
    /** The back-end lacks something the front-end requires (e.g. PROTOCOL_F_CONFIG). */
    UNSUPPORTED
  }

  private final Reason reason;

  public VhostUserException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public VhostUserException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
