// One vhost-user message as it travels on the socket: header fields, payload bytes and fds.
package io.github.vhostdeviceinput.frontend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A vhost-user message. The header's size field is always the payload length here; to send a header
 * that lies about its size, use {@link Messages#frame(int, int, int, byte[])} with {@link
 * VhostUserConnection#sendRaw}.
 *
 * @param request the request id (any 32-bit value)
 * @param flags the header flags (version, REPLY, NEED_REPLY)
 * @param payload the payload bytes
 * @param fds file descriptors attached with SCM_RIGHTS (not owned by the message)
 */
public record Message(int request, int flags, byte[] payload, int[] fds) {
  public static final int HEADER_SIZE = 12;

  public Message {
    payload = payload.clone();
    fds = fds.clone();
  }

  /** A front-end request with version 1 flags. */
  public static Message of(Request request, byte[] payload, int... fds) {
    return new Message(request.id(), FeatureBits.HEADER_VERSION, payload, fds);
  }

  /** The same message with other header flags. */
  public Message withFlags(int newFlags) {
    return new Message(request, newFlags, payload, fds);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public int[] fds() {
    return fds.clone();
  }

  public int size() {
    return payload.length;
  }

  /** The payload as a little-endian read-only buffer. */
  public ByteBuffer payloadBuffer() {
    return ByteBuffer.wrap(payload).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The header and payload exactly as they go on the wire. */
  public byte[] encode() {
    return Messages.frame(request, flags, payload.length, payload);
  }

  public boolean isReply() {
    return (flags & FeatureBits.HEADER_REPLY) != 0;
  }

  @Override
  public String toString() {
    return String.format(
        "%s flags=0x%x size=%d fds=%d", Request.nameOf(request), flags, payload.length, fds.length);
  }
}
