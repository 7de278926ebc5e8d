// Encoders and decoders for vhost-user headers and payloads, written from the specification.
package io.github.vhostdeviceinput.frontend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Byte layouts of the vhost-user header and payloads, all little-endian (x86 native order). */
public final class Messages {
  /** Size of the u64 payload. */
  public static final int U64_SIZE = 8;

  /** index u32, num u32. */
  public static final int VRING_STATE_SIZE = 8;

  /** index u32, flags u32, then desc, used, avail and log addresses, u64 each. */
  public static final int VRING_ADDR_SIZE = 40;

  /** nregions u32, padding u32, then 8 regions of 32 bytes at most. */
  public static final int MEM_TABLE_HEADER_SIZE = 8;

  public static final int MEM_REGION_SIZE = 32;
  public static final int MAX_MEM_REGIONS = 8;

  /** offset u32, size u32, flags u32, then the bytes. */
  public static final int CONFIG_HEADER_SIZE = 12;

  /** SET_CONFIG/GET_CONFIG flags value for writes done on behalf of the guest. */
  public static final int CONFIG_FLAG_FRONTEND = 0;

  private Messages() {}

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A 12-byte header. */
  public static byte[] header(int request, int flags, int size) {
    return le(Message.HEADER_SIZE).putInt(request).putInt(flags).putInt(size).array();
  }

  /**
   * A header followed by payload bytes. {@code sizeField} need not match the payload length: raw
   * tests use that to lie to the back-end.
   */
  public static byte[] frame(int request, int flags, int sizeField, byte[] payload) {
    return le(Message.HEADER_SIZE + payload.length)
        .putInt(request)
        .putInt(flags)
        .putInt(sizeField)
        .put(payload)
        .array();
  }

  public static byte[] u64(long value) {
    return le(U64_SIZE).putLong(value).array();
  }

  public static byte[] vringState(int index, int num) {
    return le(VRING_STATE_SIZE).putInt(index).putInt(num).array();
  }

  /** The u64 of SET_VRING_KICK/CALL/ERR: the queue index, plus bit 8 when no fd is attached. */
  public static byte[] vringFd(int index, boolean noFd) {
    long v = (index & FeatureBits.VRING_INDEX_MASK) | (noFd ? FeatureBits.VRING_NOFD_MASK : 0);
    return u64(v);
  }

  public static byte[] vringAddr(
      int index, int flags, long descUserAddr, long usedUserAddr, long availUserAddr, long log) {
    return le(VRING_ADDR_SIZE)
        .putInt(index)
        .putInt(flags)
        .putLong(descUserAddr)
        .putLong(usedUserAddr)
        .putLong(availUserAddr)
        .putLong(log)
        .array();
  }

  /** The SET_MEM_TABLE payload: only as many region slots as there are regions, as QEMU sends. */
  public static byte[] memTable(List<MemoryRegionEntry> regions) {
    ByteBuffer b = le(MEM_TABLE_HEADER_SIZE + MEM_REGION_SIZE * regions.size());
    b.putInt(regions.size()).putInt(0);
    for (MemoryRegionEntry r : regions) {
      b.putLong(r.guestPhysAddr()).putLong(r.size()).putLong(r.userAddr()).putLong(r.mmapOffset());
    }
    return b.array();
  }

  /** A config payload: offset, size, flags, then {@code data} (whose length is the size). */
  public static byte[] config(int offset, int flags, byte[] data) {
    return le(CONFIG_HEADER_SIZE + data.length)
        .putInt(offset)
        .putInt(data.length)
        .putInt(flags)
        .put(data)
        .array();
  }

  /** A GET_CONFIG request payload: the header plus {@code size} zero bytes, as QEMU sends. */
  public static byte[] getConfig(int offset, int size) {
    return config(offset, CONFIG_FLAG_FRONTEND, new byte[size]);
  }

  /** Reads a u64 payload; fails if the payload has another size. */
  public static long readU64(Message m) throws VhostUserException {
    expectSize(m, U64_SIZE);
    return m.payloadBuffer().getLong(0);
  }

  /** Reads a vring state payload as {index, num}. */
  public static int[] readVringState(Message m) throws VhostUserException {
    expectSize(m, VRING_STATE_SIZE);
    ByteBuffer b = m.payloadBuffer();
    return new int[] {b.getInt(0), b.getInt(4)};
  }

  private static void expectSize(Message m, int size) throws VhostUserException {
    if (m.size() != size) {
      throw new VhostUserException(
          VhostUserException.Reason.PROTOCOL,
          "reply to "
              + Request.nameOf(m.request())
              + " has "
              + m.size()
              + " payload bytes, "
              + "expected "
              + size);
    }
  }
}
