// Emulated guest RAM: one memfd, mapped here, announced as regions with unrelated addresses.
package io.github.vhostdeviceinput.frontend;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Guest RAM for the test front-end. One memfd holds all regions back to back, as QEMU's
 * memory-backend-memfd does; region {@code i} starts at fd offset {@code i * regionSize}, so from
 * the second region on, the mmap offset is non-zero. Guest-physical and user (front-end virtual)
 * addresses are fixed and unrelated: each region has its own gpa-to-uaddr distance, so a back-end
 * that translates with the wrong kind of address, the wrong region or ignores the mmap offset reads
 * the wrong bytes.
 *
 * <p>The mapping stays until it is garbage collected; {@link #close} closes the fd.
 */
public final class GuestMemory implements AutoCloseable {
  public static final int PAGE = 4096;

  /** Region i's guest-physical base: 1 GiB, then every 4 GiB above. */
  static long gpaBase(int region) {
    return 0x4000_0000L + region * 0x1_0000_0000L;
  }

  /** Region i's user address: nothing like its gpa, and a different distance per region. */
  static long userAddrBase(int region) {
    return 0x7f3a_1200_0000L + region * 0x2_0000_7000L;
  }

  private final int fd;
  private final ByteBuffer map;
  private final long regionSize;
  private final List<MemoryRegionEntry> regions;
  private final long[] allocated;
  private boolean closed;

  private GuestMemory(int fd, ByteBuffer map, long regionSize, List<MemoryRegionEntry> regions) {
    this.fd = fd;
    this.map = map;
    this.regionSize = regionSize;
    this.regions = regions;
    this.allocated = new long[regions.size()];
    // leave the first page of each region unused, so an address that is off by the region start
    // lands on zeros rather than on a ring
    Arrays.fill(allocated, PAGE);
  }

  /**
   * Creates the memfd of {@code regionCount * regionSize} bytes and maps it.
   *
   * @param regionCount 1 to 8 regions
   * @param regionSize bytes per region, a multiple of the page size
   */
  public static GuestMemory create(int regionCount, long regionSize) throws IOException {
    if (regionCount < 1 || regionCount > Messages.MAX_MEM_REGIONS) {
      throw new IllegalArgumentException("1 to 8 regions");
    }
    if (regionSize < 2 * PAGE || regionSize % PAGE != 0 || regionSize * regionCount > 1 << 30) {
      throw new IllegalArgumentException("region size must be whole pages, at most 1 GiB in all");
    }
    long total = regionSize * regionCount;
    int fd = TestNative.memfdCreate("vdi-test-guest-ram", total);
    try {
      MappedByteBuffer map;
      try (FileChannel ch =
          FileChannel.open(
              Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        map = ch.map(FileChannel.MapMode.READ_WRITE, 0, total);
      }
      List<MemoryRegionEntry> regions = new ArrayList<>();
      for (int i = 0; i < regionCount; i++) {
        regions.add(new MemoryRegionEntry(gpaBase(i), regionSize, userAddrBase(i), i * regionSize));
      }
      return new GuestMemory(
          fd, map.order(ByteOrder.LITTLE_ENDIAN), regionSize, List.copyOf(regions));
    } catch (IOException | RuntimeException e) {
      Native.close(fd);
      throw e;
    }
  }

  /** The memfd; owned by this object. */
  public int fd() {
    return fd;
  }

  public List<MemoryRegionEntry> regions() {
    return regions;
  }

  /** One fd per region for SET_MEM_TABLE: the same memfd each time. */
  public int[] regionFds() {
    int[] fds = new int[regions.size()];
    Arrays.fill(fds, fd);
    return fds;
  }

  /** The whole mapping (fd offset = buffer index), little-endian, shared with the back-end. */
  public ByteBuffer buffer() {
    return map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Reserves {@code size} bytes in {@code region}, aligned to {@code align} within the fd.
   *
   * @return the guest-physical address of the reserved bytes
   */
  public synchronized long allocate(int region, long size, int align) {
    long start = (allocated[region] + align - 1) & -(long) align;
    if (start + size > regionSize) {
      throw new IllegalStateException("guest memory region " + region + " is full");
    }
    allocated[region] = start + size;
    return regions.get(region).guestPhysAddr() + start;
  }

  /** The fd offset (and buffer index) of {@code len} bytes at guest-physical {@code gpa}. */
  public int offsetOfGpa(long gpa, long len) {
    for (MemoryRegionEntry r : regions) {
      if (gpa >= r.guestPhysAddr() && gpa - r.guestPhysAddr() <= r.size() - len) {
        return (int) (r.mmapOffset() + gpa - r.guestPhysAddr());
      }
    }
    throw new IllegalArgumentException(
        "gpa 0x" + Long.toHexString(gpa) + "+" + len + " is not in guest memory");
  }

  /** The user address the front-end would use for guest-physical {@code gpa}. */
  public long userAddrOfGpa(long gpa) {
    for (MemoryRegionEntry r : regions) {
      if (gpa >= r.guestPhysAddr() && gpa - r.guestPhysAddr() < r.size()) {
        return r.userAddr() + gpa - r.guestPhysAddr();
      }
    }
    throw new IllegalArgumentException(
        "gpa 0x" + Long.toHexString(gpa) + " is not in guest memory");
  }

  /** The fd offset of {@code len} bytes at user address {@code uaddr}. */
  public int offsetOfUserAddr(long uaddr, long len) {
    for (MemoryRegionEntry r : regions) {
      if (uaddr >= r.userAddr() && uaddr - r.userAddr() <= r.size() - len) {
        return (int) (r.mmapOffset() + uaddr - r.userAddr());
      }
    }
    throw new IllegalArgumentException(
        "user address 0x" + Long.toHexString(uaddr) + "+" + len + " is not in guest memory");
  }

  public void write(long gpa, byte[] bytes) {
    map.duplicate().put(offsetOfGpa(gpa, bytes.length), bytes);
  }

  public byte[] read(long gpa, int len) {
    byte[] b = new byte[len];
    map.duplicate().get(offsetOfGpa(gpa, len), b);
    return b;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Native.close(fd);
    }
  }
}
