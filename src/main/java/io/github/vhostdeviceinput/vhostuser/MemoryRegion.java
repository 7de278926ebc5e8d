// One guest memory region from SET_MEM_TABLE, validated against overflow.
package io.github.vhostdeviceinput.vhostuser;

/**
 * A region of guest memory, mapped from the fd sent with it. All four values are u64 on the wire
 * and compared unsigned. A region is rejected unless each of its three ranges ends below 2^64, and
 * the fd range below 2^63, since mmap takes a signed offset.
 *
 * @param guestPhysAddr guest-physical start address
 * @param size length in bytes, at least 1
 * @param userAddr the start address in the front-end's own address space (vring addresses use it)
 * @param mmapOffset offset of the region in the fd
 * @throws IllegalArgumentException if the size is 0 or a range overflows
 */
public record MemoryRegion(long guestPhysAddr, long size, long userAddr, long mmapOffset) {
  public MemoryRegion {
    if (size == 0) {
      throw new IllegalArgumentException("region size is 0");
    }
    checkEnd("guest-physical", guestPhysAddr, size);
    checkEnd("user", userAddr, size);
    if (mmapOffset < 0 || Long.compareUnsigned(size, Long.MAX_VALUE - mmapOffset) > 0) {
      throw new IllegalArgumentException(
          "mmap offset 0x" + Long.toHexString(mmapOffset) + " + size " + hex(size) + " overflows");
    }
  }

  /** The first guest-physical address after the region. */
  long guestPhysEnd() {
    return guestPhysAddr + size;
  }

  /** Whether the two regions share a guest-physical address. */
  boolean overlaps(MemoryRegion other) {
    return Long.compareUnsigned(guestPhysAddr, other.guestPhysEnd()) < 0
        && Long.compareUnsigned(other.guestPhysAddr, guestPhysEnd()) < 0;
  }

  private static void checkEnd(String space, long start, long size) {
    // Wrapping past 2^64, even to exactly 0, leaves an end below the start.
    if (Long.compareUnsigned(start + size, start) <= 0) {
      throw new IllegalArgumentException(
          space + " address " + hex(start) + " + size " + hex(size) + " overflows");
    }
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  @Override
  public String toString() {
    return "{gpa="
        + hex(guestPhysAddr)
        + ", size="
        + hex(size)
        + ", uaddr="
        + hex(userAddr)
        + ", offset="
        + hex(mmapOffset)
        + "}";
  }
}
