// Checks split ring offsets and sizes against the virtio spec's layout and Linux's vring_size.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SplitRingLayoutTest {
  /** num, usedAlign, availOffset, usedEventOffset, usedOffset, availEventOffset, totalSize. */
  static Stream<Arguments> layouts() {
    return Stream.of(
        // num 4: desc 4*16 = 64; avail 2+2+4*2+2 = 14 bytes; used 2+2+4*8+2 = 38 bytes
        Arguments.of(4, 4, 64, 76, 80, 116, 118),
        Arguments.of(4, 64, 64, 76, 128, 164, 166),
        Arguments.of(4, 4096, 64, 76, 4096, 4132, 4134),
        // num 64: desc 1024; avail 134 bytes (ends at 1158); used 518 bytes
        Arguments.of(64, 4, 1024, 1156, 1160, 1676, 1678),
        Arguments.of(64, 64, 1024, 1156, 1216, 1732, 1734),
        Arguments.of(64, 4096, 1024, 1156, 4096, 4612, 4614),
        // num 256 with legacy alignment: Linux vring_size(256, 4096) = 10246
        Arguments.of(256, 4096, 4096, 4612, 8192, 10244, 10246),
        Arguments.of(1, 4, 16, 22, 24, 36, 38));
  }

  @ParameterizedTest(name = "num {0} align {1}")
  @MethodSource("layouts")
  void offsetsAndSizes(
      int num, int align, int avail, int usedEvent, int used, int availEvent, int total) {
    SplitRingLayout l = new SplitRingLayout(num, align);
    assertEquals(0, l.descOffset());
    assertEquals(16 * num, l.descTableSize());
    assertEquals(avail, l.availOffset());
    assertEquals(avail + 4, l.availRingEntryOffset(0));
    assertEquals(avail + 4 + 2 * (num - 1), l.availRingEntryOffset(num - 1));
    assertEquals(usedEvent, l.usedEventOffset());
    assertEquals(used, l.usedOffset());
    assertEquals(0, l.usedOffset() % align, "used ring alignment");
    assertEquals(used + 4, l.usedRingEntryOffset(0));
    assertEquals(availEvent, l.availEventOffset());
    assertEquals(total, l.totalSize());
    assertEquals(6 + 2 * num, l.availSize());
    assertEquals(6 + 8 * num, l.usedSize());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 6, 65536, -4, 32769})
  void rejectsSizesThatAreNotPowersOfTwoUpTo32768(int num) {
    assertThrows(IllegalArgumentException.class, () -> new SplitRingLayout(num, 4));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 6, 100})
  void rejectsBadUsedAlignment(int align) {
    assertThrows(IllegalArgumentException.class, () -> new SplitRingLayout(4, align));
  }
}
