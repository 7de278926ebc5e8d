// The vring state payload {index, num}: ring size, base, enable, and GET_VRING_BASE's answer.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;

/**
 * A queue index and a number whose meaning depends on the request (ring size, next available index,
 * enable flag). The index is checked here; the number by the codec, per request.
 */
record VringState(int index, int num) implements Payload {
  static final int SIZE = 8;

  VringState {
    Payload.checkQueue(index);
  }

  static VringState decode(ByteBuffer buf, int offset) {
    return new VringState(buf.getInt(offset), buf.getInt(offset + 4));
  }

  @Override
  public int wireSize() {
    return SIZE;
  }

  @Override
  public void encode(ByteBuffer buf, int offset) {
    buf.putInt(offset, index).putInt(offset + 4, num);
  }

  @Override
  public String toString() {
    return "{index=" + index + ", num=" + Integer.toUnsignedString(num) + "}";
  }
}
