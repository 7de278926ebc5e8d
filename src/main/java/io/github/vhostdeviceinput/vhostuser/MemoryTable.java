// The SET_MEM_TABLE payload: 1 to 8 guest memory regions that do not overlap.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** {le32 nregions, le32 padding, regions[nregions] of {gpa, size, uaddr, mmap_offset}}. */
record MemoryTable(List<MemoryRegion> regions) implements Payload {
  static final int MAX_REGIONS = Limits.MAX_REGIONS;
  static final int REGION_SIZE = 32;
  private static final int REGIONS_OFFSET = 8;

  MemoryTable {
    regions = List.copyOf(regions);
    if (regions.isEmpty() || regions.size() > MAX_REGIONS) {
      throw new IllegalArgumentException(regions.size() + " regions, expected 1 to " + MAX_REGIONS);
    }
    for (int i = 0; i < regions.size(); i++) {
      for (int j = i + 1; j < regions.size(); j++) {
        if (regions.get(i).overlaps(regions.get(j))) {
          throw new IllegalArgumentException(
              "regions " + i + " and " + j + " overlap in guest-physical memory");
        }
      }
    }
  }

  /** The payload size for {@code n} regions: QEMU sends exactly the regions it uses. */
  static int sizeFor(int n) {
    return REGIONS_OFFSET + n * REGION_SIZE;
  }

  static MemoryTable decode(ByteBuffer buf, int offset, int payloadSize) {
    int n = buf.getInt(offset);
    if (n < 1 || n > MAX_REGIONS) {
      throw new IllegalArgumentException(
          Integer.toUnsignedString(n) + " regions, expected 1 to " + MAX_REGIONS);
    }
    if (payloadSize != sizeFor(n)) {
      throw new IllegalArgumentException(
          "payload of " + payloadSize + " bytes for " + n + " regions, expected " + sizeFor(n));
    }
    List<MemoryRegion> regions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int at = offset + REGIONS_OFFSET + i * REGION_SIZE;
      try {
        regions.add(
            new MemoryRegion(
                buf.getLong(at), buf.getLong(at + 8), buf.getLong(at + 16), buf.getLong(at + 24)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("region " + i + ": " + e.getMessage(), e);
      }
    }
    return new MemoryTable(regions);
  }

  @Override
  public int wireSize() {
    return sizeFor(regions.size());
  }

  @Override
  public void encode(ByteBuffer buf, int offset) {
    buf.putInt(offset, regions.size()).putInt(offset + 4, 0);
    for (int i = 0; i < regions.size(); i++) {
      MemoryRegion r = regions.get(i);
      int at = offset + REGIONS_OFFSET + i * REGION_SIZE;
      buf.putLong(at, r.guestPhysAddr())
          .putLong(at + 8, r.size())
          .putLong(at + 16, r.userAddr())
          .putLong(at + 24, r.mmapOffset());
    }
  }
}
