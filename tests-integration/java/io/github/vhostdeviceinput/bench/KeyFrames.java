// Numbered key frames (a key press or release, SYN_REPORT): taps as a burst, encoded for the
// fixture.
package io.github.vhostdeviceinput.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Tap t (from 0) presses and releases key code 1 + t (KEY_ESC, KEY_1, ...), each in a frame of its
 * own: EV_KEY code value, SYN_REPORT, two events. A key frame's number is 2 × code − 1 for the
 * press and 2 × code for the release, so taps 0..n−1 are frames 1..2n in order and the receiver
 * reads the number back from the event ({@link #seq}), as floor_reader.c does too. Distinct keys,
 * each up again before the next round, so the input core filters none of them out.
 */
final class KeyFrames {
  static final int EVENTS_PER_FRAME = 2;

  /** Keys of the fixture's keyboard from KEY_ESC on: KEY_ESC-KEY_MICMUTE, codes 1 to 248. */
  static final int MAX_TAPS = 248;

  private static final int EVENT_BYTES = 8;
  private static final short EV_SYN = 0;
  private static final short EV_KEY = 1;
  private static final short SYN_REPORT = 0;
  private static final int FIRST_KEY = 1;

  private KeyFrames() {}

  /** The number of the key frame whose EV_KEY event has this code and value. */
  static int seq(int code, int value) {
    return 2 * code - (value != 0 ? 1 : 0);
  }

  /** Frames 1..2 × taps: each tap's press frame, then its release frame, all in one buffer. */
  static ByteBuffer taps(int taps) {
    if (taps < 1 || taps > MAX_TAPS) {
      throw new IllegalArgumentException("taps must be 1 to " + MAX_TAPS + ": " + taps);
    }
    ByteBuffer b =
        ByteBuffer.allocate(taps * 2 * EVENTS_PER_FRAME * EVENT_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < taps; t++) {
      short code = (short) (FIRST_KEY + t);
      for (int value : new int[] {1, 0}) {
        b.putShort(EV_KEY).putShort(code).putInt(value);
        b.putShort(EV_SYN).putShort(SYN_REPORT).putInt(0);
      }
    }
    return b.flip();
  }
}
