// The vring address payload: where the descriptor table, used ring and available ring are.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;

/**
 * Ring addresses in the front-end's address space (they are translated through the memory table's
 * user addresses). The alignments are the split ring's; the data plane relies on them for its
 * atomic index updates.
 *
 * @param flags VHOST_VRING_F_LOG (bit 0) or nothing
 * @param logAddr guest address for dirty logging; unused, as logging is never offered
 */
record VringAddress(
    int index, int flags, long descAddr, long usedAddr, long availAddr, long logAddr)
    implements Payload {
  static final int SIZE = 40;
  static final int FLAG_LOG = 0x1;

  VringAddress {
    Payload.checkQueue(index);
    if ((flags & ~FLAG_LOG) != 0) {
      throw new IllegalArgumentException("unknown ring flags 0x" + Integer.toHexString(flags));
    }
    checkAligned("descriptor table", descAddr, 16);
    checkAligned("used ring", usedAddr, 4);
    checkAligned("available ring", availAddr, 2);
  }

  private static void checkAligned(String what, long addr, int alignment) {
    if ((addr & (alignment - 1)) != 0) {
      throw new IllegalArgumentException(
          what + " address 0x" + Long.toHexString(addr) + " is not " + alignment + "-byte aligned");
    }
  }

  static VringAddress decode(ByteBuffer buf, int offset) {
    return new VringAddress(
        buf.getInt(offset),
        buf.getInt(offset + 4),
        buf.getLong(offset + 8),
        buf.getLong(offset + 16),
        buf.getLong(offset + 24),
        buf.getLong(offset + 32));
  }

  @Override
  public int wireSize() {
    return SIZE;
  }

  @Override
  public void encode(ByteBuffer buf, int offset) {
    buf.putInt(offset, index)
        .putInt(offset + 4, flags)
        .putLong(offset + 8, descAddr)
        .putLong(offset + 16, usedAddr)
        .putLong(offset + 24, availAddr)
        .putLong(offset + 32, logAddr);
  }

  @Override
  public String toString() {
    return "{index="
        + index
        + ", flags=0x"
        + Integer.toHexString(flags)
        + ", desc=0x"
        + Long.toHexString(descAddr)
        + ", used=0x"
        + Long.toHexString(usedAddr)
        + ", avail=0x"
        + Long.toHexString(availAddr)
        + "}";
  }
}
