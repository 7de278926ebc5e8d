// The u64 payload of SET_VRING_KICK/CALL/ERR: a queue index and whether an fd comes with it.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;

/**
 * Bits 0-7 carry the queue index, bit 8 (VHOST_USER_VRING_NOFD_MASK) says no fd is attached; the
 * other bits are reserved and must be zero.
 */
record VringFile(int index, boolean noFd) implements Payload {
  static final int SIZE = 8;
  static final long INDEX_MASK = 0xff;
  static final long NOFD_MASK = 0x100;

  VringFile {
    Payload.checkQueue(index);
  }

  static VringFile decode(ByteBuffer buf, int offset) {
    long value = buf.getLong(offset);
    if ((value & ~(INDEX_MASK | NOFD_MASK)) != 0) {
      throw new IllegalArgumentException("reserved bits set in 0x" + Long.toHexString(value));
    }
    return new VringFile((int) (value & INDEX_MASK), (value & NOFD_MASK) != 0);
  }

  @Override
  public int wireSize() {
    return SIZE;
  }

  @Override
  public void encode(ByteBuffer buf, int offset) {
    buf.putLong(offset, index | (noFd ? NOFD_MASK : 0));
  }

  @Override
  public String toString() {
    return "{index=" + index + (noFd ? ", no fd}" : "}");
  }
}
