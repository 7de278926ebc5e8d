// Numbered mouse frames (REL_X = sequence number, REL_Y, SYN_REPORT), encoded for the fixture.
package io.github.vhostdeviceinput.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Frame n is REL_X n, REL_Y 1, SYN_REPORT: three events, as a mouse moving reports them. Numbers
 * start at 1, because the input core drops zero motion. The receiver reads the number back from
 * REL_X, so latency is per frame, not inferred from order.
 */
final class MouseFrames {
  static final int EVENTS_PER_FRAME = 3;
  private static final int EVENT_BYTES = 8;
  private static final short EV_SYN = 0;
  private static final short EV_REL = 2;
  private static final short REL_X = 0;
  private static final short REL_Y = 1;
  private static final short SYN_REPORT = 0;

  private final ByteBuffer buffer;

  /** Room for up to maxFrames frames per batch. */
  MouseFrames(int maxFrames) {
    buffer =
        ByteBuffer.allocate(maxFrames * EVENTS_PER_FRAME * EVENT_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Frames first, first+1, ... first+count-1, ready to inject; valid until the next call. */
  ByteBuffer batch(int first, int count) {
    buffer.clear();
    for (int i = 0; i < count; i++) {
      buffer.putShort(EV_REL).putShort(REL_X).putInt(first + i);
      buffer.putShort(EV_REL).putShort(REL_Y).putInt(1);
      buffer.putShort(EV_SYN).putShort(SYN_REPORT).putInt(0);
    }
    return buffer.flip();
  }
}
