// The 12-byte header in front of every vhost-user message.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;

/**
 * A message header. All three fields are le32 on the wire and unsigned; {@code size} counts the
 * payload bytes that follow.
 */
record Header(int request, int flags, int size) {
  static final int SIZE = 12;

  static final int VERSION = 0x1;
  static final int VERSION_MASK = 0x3;
  static final int REPLY = 0x4;
  static final int NEED_REPLY = 0x8;

  /** The header of a reply from the back-end; QEMU accepts exactly these flags. */
  static Header reply(int request, int size) {
    return new Header(request, VERSION | REPLY, size);
  }

  boolean needsReply() {
    return (flags & NEED_REPLY) != 0;
  }

  /** Reads a header at {@code offset} of a little-endian buffer. */
  static Header decode(ByteBuffer buf, int offset) {
    return new Header(buf.getInt(offset), buf.getInt(offset + 4), buf.getInt(offset + 8));
  }

  void encode(ByteBuffer buf, int offset) {
    buf.putInt(offset, request).putInt(offset + 4, flags).putInt(offset + 8, size);
  }

  @Override
  public String toString() {
    return Request.describe(request)
        + " flags=0x"
        + Integer.toHexString(flags)
        + " size="
        + Integer.toUnsignedString(size);
  }
}
