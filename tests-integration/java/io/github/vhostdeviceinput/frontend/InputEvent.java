// One virtio-input event (le16 type, le16 code, le32 signed value) and when the driver received it.
package io.github.vhostdeviceinput.frontend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A decoded {@code struct virtio_input_event}.
 *
 * @param type event type (EV_KEY, ...), 0 to 65535
 * @param code event code, 0 to 65535
 * @param value the signed value (relative motion can be negative)
 * @param nanoTime {@link System#nanoTime()} when the driver emulation consumed it; 0 if unknown
 */
public record InputEvent(int type, int code, int value, long nanoTime) {
  public static final int SIZE = 8;

  /** An expected event, for comparisons with {@link #sameAs}. */
  public static InputEvent of(int type, int code, int value) {
    return new InputEvent(type, code, value, 0);
  }

  /** Decodes the 8 bytes at {@code offset} of {@code buf}. */
  public static InputEvent decode(ByteBuffer buf, int offset, long nanoTime) {
    ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    return new InputEvent(
        Short.toUnsignedInt(b.getShort(offset)),
        Short.toUnsignedInt(b.getShort(offset + 2)),
        b.getInt(offset + 4),
        nanoTime);
  }

  /** The 8 wire bytes. */
  public byte[] encode() {
    return ByteBuffer.allocate(SIZE)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) type)
        .putShort((short) code)
        .putInt(value)
        .array();
  }

  /** Same type, code and value; the timestamp is ignored. */
  public boolean sameAs(InputEvent other) {
    return type == other.type && code == other.code && value == other.value;
  }

  /** This event without its timestamp, so lists compare with {@code equals}. */
  public InputEvent withoutTime() {
    return new InputEvent(type, code, value, 0);
  }

  @Override
  public String toString() {
    return "(" + type + ", " + code + ", " + value + ")";
  }
}
