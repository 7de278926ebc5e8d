// Reads and writes the fields of one split virtqueue in shared memory, with the right ordering.
package io.github.vhostdeviceinput.frontend;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A split virtqueue laid out by {@link SplitRingLayout} at {@code base} in a direct buffer that
 * another process may share. Index fields use acquire/release (or volatile) accesses so that ring
 * entries written before an index store are visible to whoever sees the new index.
 *
 * <p>Driver-side writers (descriptors, available ring, used_event) are what the test front-end
 * uses; device-side writers exist for in-JVM test peers and for hostile tests. Indices passed in
 * are free-running 16-bit values; slots are taken modulo the ring size here.
 */
public final class SplitRing {
  private static final VarHandle U16 =
      MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private final ByteBuffer mem;
  private final int base;
  private final SplitRingLayout layout;

  /**
   * @param mem a direct buffer (any byte order; absolute little-endian accesses are used)
   * @param base offset of the descriptor table in {@code mem}, aligned to 16
   */
  public SplitRing(ByteBuffer mem, int base, SplitRingLayout layout) {
    if (!mem.isDirect()) {
      throw new IllegalArgumentException("ring memory must be a direct buffer");
    }
    if ((base & 15) != 0 || base < 0 || base + layout.totalSize() > mem.capacity()) {
      throw new IllegalArgumentException("ring does not fit at offset " + base);
    }
    this.mem = mem.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    this.base = base;
    this.layout = layout;
  }

  public SplitRingLayout layout() {
    return layout;
  }

  public int num() {
    return layout.num();
  }

  /** Offset of the descriptor table in the buffer. */
  public int base() {
    return base;
  }

  private int slot(int idx) {
    return idx & (layout.num() - 1);
  }

  /** Sets all four indices to {@code idx} and both flags to 0, as on a quiescent ring. */
  public void initIndices(int idx) {
    mem.putShort(base + layout.availOffset(), (short) 0);
    mem.putShort(base + layout.usedOffset(), (short) 0);
    mem.putShort(base + layout.availOffset() + 2, (short) idx);
    mem.putShort(base + layout.usedOffset() + 2, (short) idx);
    mem.putShort(base + layout.usedEventOffset(), (short) idx);
    U16.setVolatile(mem, base + layout.availEventOffset(), (short) idx);
  }

  // --- descriptor table ---

  public void writeDescriptor(int index, long addr, int len, int flags, int next) {
    int at = descAt(index);
    mem.putLong(at, addr);
    mem.putInt(at + 8, len);
    mem.putShort(at + 12, (short) flags);
    mem.putShort(at + 14, (short) next);
  }

  public long descAddr(int index) {
    return mem.getLong(descAt(index));
  }

  public int descLen(int index) {
    return mem.getInt(descAt(index) + 8);
  }

  public int descFlags(int index) {
    return Short.toUnsignedInt(mem.getShort(descAt(index) + 12));
  }

  public int descNext(int index) {
    return Short.toUnsignedInt(mem.getShort(descAt(index) + 14));
  }

  private int descAt(int index) {
    if (index < 0 || index >= layout.num()) {
      throw new IndexOutOfBoundsException("descriptor " + index);
    }
    return base + layout.descOffset() + SplitRingLayout.DESC_SIZE * index;
  }

  // --- available ring (written by the driver) ---

  public int availFlags() {
    return Short.toUnsignedInt((short) U16.getAcquire(mem, base + layout.availOffset()));
  }

  public void setAvailFlags(int flags) {
    U16.setVolatile(mem, base + layout.availOffset(), (short) flags);
  }

  public int availIdx() {
    return Short.toUnsignedInt((short) U16.getAcquire(mem, base + layout.availOffset() + 2));
  }

  /** Puts a head descriptor id into the slot of free-running index {@code idx}. */
  public void setAvailEntry(int idx, int id) {
    mem.putShort(base + layout.availRingEntryOffset(slot(idx)), (short) id);
  }

  public int availEntry(int idx) {
    return Short.toUnsignedInt(mem.getShort(base + layout.availRingEntryOffset(slot(idx))));
  }

  /** Release store: entries written before are visible to whoever reads the new index. */
  public void publishAvailIdx(int idx) {
    U16.setRelease(mem, base + layout.availOffset() + 2, (short) idx);
  }

  public int usedEvent() {
    return Short.toUnsignedInt((short) U16.getVolatile(mem, base + layout.usedEventOffset()));
  }

  /** Volatile store, ordered before later loads of used.idx (Linux: virtio_store_mb). */
  public void setUsedEvent(int idx) {
    U16.setVolatile(mem, base + layout.usedEventOffset(), (short) idx);
  }

  // --- used ring (written by the device) ---

  public int usedFlags() {
    return Short.toUnsignedInt((short) U16.getVolatile(mem, base + layout.usedOffset()));
  }

  public void setUsedFlags(int flags) {
    U16.setVolatile(mem, base + layout.usedOffset(), (short) flags);
  }

  /** Acquire load: used entries below the returned index may then be read. */
  public int usedIdx() {
    return Short.toUnsignedInt((short) U16.getAcquire(mem, base + layout.usedOffset() + 2));
  }

  public void publishUsedIdx(int idx) {
    U16.setRelease(mem, base + layout.usedOffset() + 2, (short) idx);
  }

  public int usedId(int idx) {
    return mem.getInt(base + layout.usedRingEntryOffset(slot(idx)));
  }

  public int usedLen(int idx) {
    return mem.getInt(base + layout.usedRingEntryOffset(slot(idx)) + 4);
  }

  public void setUsedEntry(int idx, int id, int len) {
    int at = base + layout.usedRingEntryOffset(slot(idx));
    mem.putInt(at, id);
    mem.putInt(at + 4, len);
  }

  public int availEvent() {
    return Short.toUnsignedInt((short) U16.getVolatile(mem, base + layout.availEventOffset()));
  }

  public void setAvailEvent(int idx) {
    U16.setVolatile(mem, base + layout.availEventOffset(), (short) idx);
  }
}
