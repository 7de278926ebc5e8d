// Where the descriptor table, available ring and used ring of one split virtqueue lie, by offset.
package io.github.vhostdeviceinput.frontend;

/**
 * The byte layout of a split virtqueue of {@code num} entries placed contiguously, with the used
 * ring aligned to {@code usedAlign} bytes (virtio 1.x requires 4; Linux uses the cache line, 64;
 * legacy virtio used 4096). All offsets are relative to the descriptor table.
 *
 * <pre>
 * descriptor table: num x { le64 addr, le32 len, le16 flags, le16 next }      (align 16)
 * available ring:   le16 flags, le16 idx, le16 ring[num], le16 used_event      (align 2)
 * used ring:        le16 flags, le16 idx, {le32 id, le32 len}[num], le16 avail_event (align 4)
 * </pre>
 */
public record SplitRingLayout(int num, int usedAlign) {
  public static final int MAX_NUM = 32768;
  public static final int DESC_SIZE = 16;
  public static final int USED_ELEM_SIZE = 8;

  public SplitRingLayout {
    if (num < 1 || num > MAX_NUM || Integer.bitCount(num) != 1) {
      throw new IllegalArgumentException("ring size must be a power of two <= 32768: " + num);
    }
    if (usedAlign < 4 || Integer.bitCount(usedAlign) != 1) {
      throw new IllegalArgumentException("used ring alignment must be a power of two >= 4");
    }
  }

  public int descOffset() {
    return 0;
  }

  public int descTableSize() {
    return DESC_SIZE * num;
  }

  public int availOffset() {
    return descTableSize();
  }

  /** flags, idx, ring[num] and used_event. */
  public int availSize() {
    return 2 + 2 + 2 * num + 2;
  }

  public int usedOffset() {
    return alignUp(availOffset() + availSize(), usedAlign);
  }

  /** flags, idx, ring[num] and avail_event. */
  public int usedSize() {
    return 2 + 2 + USED_ELEM_SIZE * num + 2;
  }

  public int totalSize() {
    return usedOffset() + usedSize();
  }

  /** Offset of avail ring slot {@code slot} (0 .. num-1). */
  public int availRingEntryOffset(int slot) {
    return availOffset() + 4 + 2 * slot;
  }

  /** used_event sits right after the available ring's entries, at avail + 4 + 2 * num. */
  public int usedEventOffset() {
    return availOffset() + 4 + 2 * num;
  }

  public int usedRingEntryOffset(int slot) {
    return usedOffset() + 4 + USED_ELEM_SIZE * slot;
  }

  /** avail_event sits right after the used ring's entries, at used + 4 + 8 * num. */
  public int availEventOffset() {
    return usedOffset() + 4 + USED_ELEM_SIZE * num;
  }

  static int alignUp(int value, int align) {
    return (value + align - 1) & -align;
  }
}
