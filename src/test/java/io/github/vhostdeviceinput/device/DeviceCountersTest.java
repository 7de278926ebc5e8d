// Tests the counters' log line: names from native/seam.h, in the form tests and the bench parse.
package io.github.vhostdeviceinput.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.nativeio.Seam;
import org.junit.jupiter.api.Test;

class DeviceCountersTest {
  @Test
  void namesEveryCounterInLowerCaseInTheNativeOrder() {
    long[] values = new long[DeviceCounters.COUNT];
    for (int i = 0; i < values.length; i++) {
      values[i] = 100 + i;
    }
    String line = DeviceCounters.describe(values);
    // Backend and the bench find the line by its first entry.
    assertTrue(line.startsWith("pump_returns=100 events_read=101 "), line);
    String[] entries = line.split(" ");
    assertEquals(Seam.Counter.values().length, entries.length);
    for (Seam.Counter counter : Seam.Counter.values()) {
      String entry = entries[counter.ordinal()];
      assertTrue(entry.matches("[a-z_]+=" + (100 + counter.ordinal())), entry);
    }
  }
}
