// Checks the bytes SplitRing writes and reads against the split virtqueue layout, with wrap-around.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SplitRingTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final int BASE = 256; // the ring sits inside a bigger buffer, not at 0

  private final ByteBuffer mem = ByteBuffer.allocateDirect(8192);
  private final SplitRing ring = new SplitRing(mem, BASE, new SplitRingLayout(4, 4));

  private byte[] bytesAt(int offset, int len) {
    byte[] b = new byte[len];
    mem.get(BASE + offset, b);
    return b;
  }

  @Test
  void descriptorIsAddrLe64LenLe32FlagsLe16NextLe16() {
    ring.writeDescriptor(1, 0x1122334455667788L, 0x99aabbcc, 0x0002, 0x0003);
    assertArrayEquals(
        HEX.parseHex("8877665544332211" + "ccbbaa99" + "0200" + "0300"), bytesAt(16, 16));
    assertArrayEquals(new byte[16], bytesAt(0, 16), "descriptor 0 untouched");
    assertEquals(0x1122334455667788L, ring.descAddr(1));
    assertEquals(0x99aabbcc, ring.descLen(1));
    assertEquals(2, ring.descFlags(1));
    assertEquals(3, ring.descNext(1));
    assertThrows(IndexOutOfBoundsException.class, () -> ring.writeDescriptor(4, 0, 0, 0, 0));
  }

  @Test
  void initIndicesSetsAllFourIndicesAndClearsFlags() {
    mem.put(BASE + 64, (byte) 1); // avail flags
    ring.initIndices(0x1234);
    // avail: flags 0, idx 0x1234; used_event at 64 + 4 + 2*4 = 76
    assertArrayEquals(HEX.parseHex("00003412"), bytesAt(64, 4));
    assertArrayEquals(HEX.parseHex("3412"), bytesAt(76, 2));
    // used at 80: flags 0, idx 0x1234; avail_event at 80 + 4 + 8*4 = 116
    assertArrayEquals(HEX.parseHex("00003412"), bytesAt(80, 4));
    assertArrayEquals(HEX.parseHex("3412"), bytesAt(116, 2));
  }

  @Test
  void availRingWrapsIn16BitsAndSlotsModuloRingSize() {
    ring.initIndices(0xfffe);
    int[] ids = {3, 2, 1, 0};
    int idx = 0xfffe;
    for (int id : ids) {
      ring.setAvailEntry(idx, id);
      idx = EventIdx.u16(idx + 1);
      ring.publishAvailIdx(idx);
    }
    // 0xfffe -> slot 2, 0xffff -> slot 3, 0x0000 -> slot 0, 0x0001 -> slot 1; idx now 2
    assertArrayEquals(
        HEX.parseHex("0000" + "0200" + "0100" + "0000" + "0300" + "0200"), bytesAt(64, 12));
    assertEquals(2, ring.availIdx());
    assertEquals(3, ring.availEntry(0xfffe));
    assertEquals(1, ring.availEntry(0x10000));
  }

  @Test
  void usedRingEntriesAreIdLe32LenLe32AfterFlagsAndIdx() {
    ring.initIndices(0xffff);
    ring.setUsedEntry(0xffff, 7, 8); // slot 3
    ring.publishUsedIdx(0);
    assertArrayEquals(HEX.parseHex("0000" + "0000"), bytesAt(80, 4));
    assertArrayEquals(HEX.parseHex("07000000" + "08000000"), bytesAt(80 + 4 + 3 * 8, 8));
    assertEquals(0, ring.usedIdx());
    assertEquals(7, ring.usedId(0xffff));
    assertEquals(8, ring.usedLen(3));
  }

  @Test
  void eventIndicesSitAfterTheRings() {
    ring.setUsedEvent(0xabcd);
    ring.setAvailEvent(0x1357);
    assertArrayEquals(HEX.parseHex("cdab"), bytesAt(76, 2));
    assertArrayEquals(HEX.parseHex("5713"), bytesAt(116, 2));
    assertEquals(0xabcd, ring.usedEvent());
    assertEquals(0x1357, ring.availEvent());
  }

  @Test
  void flagsAreTheFirstFieldOfEachRing() {
    ring.setAvailFlags(FeatureBits.VRING_AVAIL_F_NO_INTERRUPT);
    ring.setUsedFlags(FeatureBits.VRING_USED_F_NO_NOTIFY);
    assertArrayEquals(HEX.parseHex("0100"), bytesAt(64, 2));
    assertArrayEquals(HEX.parseHex("0100"), bytesAt(80, 2));
    assertEquals(1, ring.availFlags());
    assertEquals(1, ring.usedFlags());
  }

  @Test
  void sixtyFourEntryRingWithLinuxAlignment() {
    SplitRing big = new SplitRing(mem, 0, new SplitRingLayout(64, 64));
    big.initIndices(0);
    big.setAvailEntry(63, 5);
    big.setUsedEntry(64 + 63, 9, 8);
    big.setUsedEvent(1);
    big.setAvailEvent(2);
    ByteBuffer le = mem.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(5, le.getShort(1024 + 4 + 2 * 63)); // last avail slot
    assertEquals(1, le.getShort(1156)); // used_event = 1024 + 4 + 2 * 64
    assertEquals(9, le.getInt(1216 + 4 + 8 * 63)); // used ring at 1216 (1158 rounded to 64)
    assertEquals(8, le.getInt(1216 + 4 + 8 * 63 + 4));
    assertEquals(2, le.getShort(1732)); // avail_event = 1216 + 4 + 8 * 64
  }

  @Test
  void rejectsHeapBuffersAndRingsThatDoNotFit() {
    SplitRingLayout l = new SplitRingLayout(4, 4);
    assertThrows(
        IllegalArgumentException.class, () -> new SplitRing(ByteBuffer.allocate(4096), 0, l));
    assertThrows(IllegalArgumentException.class, () -> new SplitRing(mem, 8192 - 64, l));
    assertThrows(IllegalArgumentException.class, () -> new SplitRing(mem, 8, l));
  }
}
