// Checks vring_need_event: notify exactly when the event index lies in [old, new), modulo 2^16.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventIdxTest {
  @ParameterizedTest(name = "event {0}, old {2} -> new {1}: {3}")
  @CsvSource({
    // event, new, old, notify
    "0, 1, 0, true", // the next entry was asked for
    "1, 1, 0, false", // asked for the one after
    "0, 4, 0, true", // batch of 4 covers it
    "3, 4, 0, true", // last of the batch
    "4, 4, 0, false",
    "5, 4, 0, false",
    "2, 2, 2, false", // no movement, no notification
    "4660, 4660, 4660, false",
    "65535, 1, 65534, true", // the range wraps: 65534, 65535, 0
    "0, 1, 65534, true",
    "65534, 1, 65534, true",
    "1, 1, 65534, false",
    "65533, 1, 65534, false", // already passed before old
    "65533, 65534, 65533, true",
    "65534, 65534, 65533, false",
    "100, 32768, 0, true",
    "40000, 32768, 0, false",
  })
  void needEvent(int event, int newIdx, int oldIdx, boolean expected) {
    assertEquals(expected, EventIdx.needEvent(event, newIdx, oldIdx));
  }

  @ParameterizedTest
  @CsvSource({"65536, 0", "65537, 1", "-1, 65535", "131071, 65535"})
  void u16Wraps(int in, int out) {
    assertEquals(out, EventIdx.u16(in));
  }
}
