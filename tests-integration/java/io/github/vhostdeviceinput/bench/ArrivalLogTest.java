// Arrival logs: frame numbers from mouse and key frames, and order over repeated bursts.
package io.github.vhostdeviceinput.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ArrivalLogTest {
  @Test
  void keyTapsAreFramesOneToTwiceTheTapsInOrder() {
    ArrivalLog log = ArrivalLog.repeating(6);
    feed(log, KeyFrames.taps(3), 1000);
    assertEquals(6, log.frames());
    assertEquals(12, log.events());
    assertEquals(6, log.highestSeq());
    assertEquals(0, log.outOfOrder());
  }

  @Test
  void aRepeatingLogTakesEachRoundInOrderAndKeepsTheLatestTimes() {
    ArrivalLog log = ArrivalLog.repeating(6);
    feed(log, KeyFrames.taps(3), 1000);
    feed(log, KeyFrames.taps(3), 2000);
    assertEquals(12, log.frames());
    assertEquals(0, log.outOfOrder());
    assertEquals(2000, log.arrival(1));
    assertEquals(2005, log.arrival(6));
  }

  @Test
  void aRoundCutShortIsOutOfOrder() {
    ArrivalLog log = ArrivalLog.repeating(6);
    ByteBuffer cut = KeyFrames.taps(3);
    cut.limit(cut.limit() - 2 * 8); // the last release frame is lost
    feed(log, cut, 0);
    feed(log, KeyFrames.taps(3), 0);
    assertEquals(1, log.outOfOrder());
  }

  @Test
  void mouseFramesKeepTheirFirstArrivalAndCountRestartsAsOutOfOrder() {
    ArrivalLog log = new ArrivalLog(4);
    MouseFrames frames = new MouseFrames(3);
    feed(log, frames.batch(1, 3), 100);
    feed(log, frames.batch(1, 3), 200);
    assertEquals(100, log.arrival(1));
    assertEquals(1, log.outOfOrder());
  }

  @Test
  void tapsBeyondTheKeyboardsKeysAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> KeyFrames.taps(KeyFrames.MAX_TAPS + 1));
    assertThrows(IllegalArgumentException.class, () -> KeyFrames.taps(0));
  }

  /** Hands encoded events to the log as a front-end would, frame k (from 0) at time t0 + k. */
  private static void feed(ArrivalLog log, ByteBuffer events, long t0) {
    ByteBuffer b = events.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long t = t0;
    while (b.remaining() >= 8) {
      int type = b.getShort();
      int code = b.getShort();
      int value = b.getInt();
      log.onEvent(type, code, value, t);
      if (type == 0 && code == 0) {
        t++;
      }
    }
  }
}
