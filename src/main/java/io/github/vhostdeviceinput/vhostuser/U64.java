// The single 64-bit integer payload: features, protocol features, queue count, REPLY_ACK status.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;

/** A le64 payload. */
record U64(long value) implements Payload {
  static final int SIZE = 8;

  static U64 decode(ByteBuffer buf, int offset) {
    return new U64(buf.getLong(offset));
  }

  @Override
  public int wireSize() {
    return SIZE;
  }

  @Override
  public void encode(ByteBuffer buf, int offset) {
    buf.putLong(offset, value);
  }

  @Override
  public String toString() {
    return "0x" + Long.toHexString(value);
  }
}
