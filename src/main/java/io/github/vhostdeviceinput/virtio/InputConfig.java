// The virtio-input config space answers, built once from a host device's facts.
package io.github.vhostdeviceinput.virtio;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What the device answers for each (select, subsel): the whole 136-byte config image, prepared at
 * start-up so that answering a read is a copy. Immutable and shared by every connection; the
 * current selection lives in a {@link ConfigSpace} per connection.
 *
 * <p>Layout: {@code u8 select} at 0, {@code u8 subsel} at 1, {@code u8 size} at 2, 5 reserved
 * bytes, then a 128-byte union (string, bitmap, absinfo or devids) at 8. A selection the device has
 * nothing for reads size 0 and a zeroed union.
 */
public final class InputConfig {
  private static final Logger LOG = System.getLogger(InputConfig.class.getName());

  /** sizeof(struct virtio_input_config). */
  public static final int SIZE = 136;

  static final int SELECT_OFFSET = 0;
  static final int SUBSEL_OFFSET = 1;
  static final int SIZE_OFFSET = 2;
  static final int UNION_OFFSET = 8;
  static final int UNION_SIZE = 128;

  static final int CFG_UNSET = 0x00;
  static final int CFG_ID_NAME = 0x01;
  static final int CFG_ID_SERIAL = 0x02;
  static final int CFG_ID_DEVIDS = 0x03;
  static final int CFG_PROP_BITS = 0x10;
  static final int CFG_EV_BITS = 0x11;
  static final int CFG_ABS_INFO = 0x12;

  static final int EV_ABS = 0x03;
  static final int EV_REP = 0x14;

  static final int DEVIDS_SIZE = 8;
  static final int ABS_INFO_SIZE = 20;

  /** images[select][subsel]: the answer, or null; an inner array exists only for used selects. */
  private final byte[][][] images = new byte[256][][];

  private InputConfig() {}

  /**
   * Builds every answer for a device.
   *
   * <p>EV_REP: the kernel has no code bitmap for it (EVIOCGBIT(EV_REP) fails), and the guest driver
   * only looks at whether the size is nonzero, which turns on its own autorepeat. So a device with
   * EV_REP answers at least one byte, zero if no REP_* bits are known, as QEMU's own virtio
   * keyboard does.
   *
   * @throws IllegalArgumentException if the facts cannot be represented: a type or axis above 255,
   *     a bitmap of more than 128 bytes, or an id above 0xffff
   */
  public static InputConfig from(DeviceFacts facts) {
    InputConfig config = new InputConfig();
    config.put(CFG_ID_NAME, 0, string(facts.name()));
    config.put(CFG_ID_SERIAL, 0, string(facts.uniq()));
    config.put(CFG_ID_DEVIDS, 0, devids(facts));
    config.put(CFG_PROP_BITS, 0, trim(facts.propBits(), "property bitmap"));
    for (Map.Entry<Integer, byte[]> e : facts.eventBits().entrySet()) {
      int type = checkSubsel(e.getKey(), "event type");
      byte[] bits = trim(e.getValue(), "bitmap of event type " + type);
      if (type == EV_REP && bits.length == 0) {
        bits = new byte[1];
      }
      config.put(CFG_EV_BITS, type, bits);
    }
    for (Map.Entry<Integer, AbsInfo> e : facts.absInfo().entrySet()) {
      config.put(CFG_ABS_INFO, checkSubsel(e.getKey(), "axis"), absInfo(e.getValue()));
    }
    config.warnAboutAxesWithoutInfo(facts);
    return config;
  }

  /** A fresh per-connection view with nothing selected. */
  public ConfigSpace newSpace() {
    return new ConfigSpace(this);
  }

  /**
   * The 136 bytes a driver reads after selecting (select, subsel).
   *
   * @return a new array; the answer itself stays unchanged
   */
  public byte[] answer(int select, int subsel) {
    byte[] image = image(select, subsel);
    if (image != null) {
      return image.clone();
    }
    byte[] empty = new byte[SIZE];
    empty[SELECT_OFFSET] = (byte) select;
    empty[SUBSEL_OFFSET] = (byte) subsel;
    return empty;
  }

  /** The prepared image, or null if the device has nothing there. Shared: never modify it. */
  byte[] image(int select, int subsel) {
    Objects.checkIndex(select, 256);
    Objects.checkIndex(subsel, 256);
    byte[][] bySubsel = images[select];
    return bySubsel == null ? null : bySubsel[subsel];
  }

  /** Stores an answer; empty data means the device has nothing there, so size 0. */
  private void put(int select, int subsel, byte[] data) {
    if (data.length == 0) {
      return;
    }
    byte[] image = new byte[SIZE];
    image[SELECT_OFFSET] = (byte) select;
    image[SUBSEL_OFFSET] = (byte) subsel;
    image[SIZE_OFFSET] = (byte) data.length;
    System.arraycopy(data, 0, image, UNION_OFFSET, data.length);
    if (images[select] == null) {
      images[select] = new byte[256][];
    }
    images[select][subsel] = image;
  }

  /** Strings carry no NUL and are cut to the union's 128 bytes. */
  private static byte[] string(byte[] raw) {
    int len = 0;
    while (len < raw.length && raw[len] != 0) {
      len++;
    }
    return Arrays.copyOf(raw, Math.min(len, UNION_SIZE));
  }

  private static byte[] devids(DeviceFacts facts) {
    ByteBuffer ids = ByteBuffer.allocate(DEVIDS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    ids.putShort(u16(facts.bustype(), "bustype"));
    ids.putShort(u16(facts.vendor(), "vendor"));
    ids.putShort(u16(facts.product(), "product"));
    ids.putShort(u16(facts.version(), "version"));
    return ids.array();
  }

  private static byte[] absInfo(AbsInfo info) {
    return ByteBuffer.allocate(ABS_INFO_SIZE)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(info.min())
        .putInt(info.max())
        .putInt(info.fuzz())
        .putInt(info.flat())
        .putInt(info.resolution())
        .array();
  }

  /** A bitmap without its trailing zero bytes, which the guest would only read for nothing. */
  private static byte[] trim(byte[] bits, String what) {
    int len = bits.length;
    while (len > 0 && bits[len - 1] == 0) {
      len--;
    }
    if (len > UNION_SIZE) {
      throw new IllegalArgumentException(
          what + " needs " + len + " bytes, more than " + UNION_SIZE);
    }
    return Arrays.copyOf(bits, len);
  }

  private static short u16(int value, String what) {
    if (value < 0 || value > 0xffff) {
      throw new IllegalArgumentException(what + " " + value + " does not fit in 16 bits");
    }
    return (short) value;
  }

  private static int checkSubsel(int value, String what) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException(what + " " + value + " does not fit in a subsel byte");
    }
    return value;
  }

  /** Linux reads ABS_INFO for every axis bit without checking the size; 0..0 breaks tablets. */
  private void warnAboutAxesWithoutInfo(DeviceFacts facts) {
    byte[] image = image(CFG_EV_BITS, EV_ABS);
    if (image == null) {
      return;
    }
    int bytes = image[SIZE_OFFSET] & 0xff;
    for (int axis = 0; axis < bytes * 8; axis++) {
      boolean set = (image[UNION_OFFSET + axis / 8] & (1 << (axis % 8))) != 0;
      if (set && image(CFG_ABS_INFO, axis) == null) {
        LOG.log(
            Level.WARNING,
            "{0}: axis {1} has no range; the guest will see 0..0",
            new String(string(facts.name()), StandardCharsets.UTF_8),
            axis);
      }
    }
  }
}
