// A front-end message this backend will not carry out, naming the request and the reason.
package io.github.vhostdeviceinput.vhostuser;

/**
 * A message broke the protocol or this device's limits. A fatal one (bad size, bad fds, bad index,
 * truncated) ends the connection; any other (an unsupported request, a config access outside the
 * config space) is answered with an error and the connection continues. Either way the fds that
 * came with the message are closed before this is thrown.
 */
final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Header header;
  private final String reason;
  private final boolean fatal;

  /**
   * @param header the message's header, or null when the stream ended or failed inside it
   */
  ProtocolException(Header header, String reason, boolean fatal) {
    super((header == null ? "message header" : Request.describe(header.request())) + ": " + reason);
    this.header = header;
    this.reason = reason;
    this.fatal = fatal;
  }

  /** The header of the offending message, or null if it was not received whole. */
  Header header() {
    return header;
  }

  String reason() {
    return reason;
  }

  /** Whether the connection must end. */
  boolean fatal() {
    return fatal;
  }
}
