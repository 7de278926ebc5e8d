// Test fixture: DeviceFacts shaped like a keyboard, a mouse, a tablet and a touchscreen.
package io.github.vhostdeviceinput.virtio;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Devices as libevdev would describe them, bitmaps at the kernel's full length (so the config space
 * has trailing zero bytes to trim).
 */
public final class TestDevices {
  public static final int EV_KEY = 0x01;
  public static final int EV_REL = 0x02;
  public static final int EV_ABS = 0x03;
  public static final int EV_MSC = 0x04;
  public static final int EV_SW = 0x05;
  public static final int EV_LED = 0x11;
  public static final int EV_SND = 0x12;
  public static final int EV_REP = 0x14;

  static final int KEY_BYTES = 96;
  static final int REL_BYTES = 2;
  static final int ABS_BYTES = 8;
  static final int MSC_BYTES = 1;
  static final int SW_BYTES = 3;
  static final int LED_BYTES = 2;
  static final int SND_BYTES = 1;
  static final int PROP_BYTES = 4;

  static final int BTN_LEFT = 0x110;
  static final int BTN_RIGHT = 0x111;
  static final int BTN_MIDDLE = 0x112;
  static final int BTN_TOUCH = 0x14a;
  static final int ABS_MT_SLOT = 0x2f;
  static final int ABS_MT_POSITION_X = 0x35;
  static final int ABS_MT_POSITION_Y = 0x36;
  static final int ABS_MT_TRACKING_ID = 0x39;

  private TestDevices() {}

  /** Bits set in a bitmap of {@code bytes} bytes, evdev layout. */
  public static byte[] bits(int bytes, int... set) {
    byte[] map = new byte[bytes];
    for (int bit : set) {
      map[bit / 8] |= (byte) (1 << (bit % 8));
    }
    return map;
  }

  static byte[] range(int bytes, int from, int to) {
    byte[] map = new byte[bytes];
    for (int bit = from; bit <= to; bit++) {
      map[bit / 8] |= (byte) (1 << (bit % 8));
    }
    return map;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A PS/2 keyboard with LEDs, autorepeat (no REP bits, as EVIOCGBIT gives none) and a bell. */
  public static DeviceFacts keyboard() {
    return new DeviceFacts(
        ascii("AT Translated Set 2 keyboard"),
        new byte[0],
        0x11,
        0x0001,
        0x0001,
        0xab41,
        new byte[PROP_BYTES],
        Map.of(
            EV_KEY, range(KEY_BYTES, 1, 88),
            EV_MSC, bits(MSC_BYTES, 4),
            EV_LED, bits(LED_BYTES, 0, 1, 2),
            EV_SND, bits(SND_BYTES, 1, 2),
            EV_REP, new byte[0]),
        Map.of());
  }

  /** A USB wheel mouse. */
  public static DeviceFacts mouse() {
    return new DeviceFacts(
        ascii("Logitech USB Optical Mouse"),
        new byte[0],
        0x03,
        0x046d,
        0xc077,
        0x0111,
        new byte[PROP_BYTES],
        Map.of(
            EV_KEY, bits(KEY_BYTES, BTN_LEFT, BTN_RIGHT, BTN_MIDDLE),
            EV_REL, bits(REL_BYTES, 0, 1, 8, 11),
            EV_MSC, bits(MSC_BYTES, 4)),
        Map.of());
  }

  /** QEMU's USB tablet, plus a tablet-mode switch and REP bits known. */
  public static DeviceFacts tablet() {
    return new DeviceFacts(
        ascii("QEMU QEMU USB Tablet"),
        ascii("28754-0000:00:04.0-1"),
        0x03,
        0x0627,
        0x0001,
        0x0001,
        bits(PROP_BYTES, 0),
        Map.of(
            EV_KEY, bits(KEY_BYTES, BTN_LEFT, BTN_RIGHT, BTN_MIDDLE),
            EV_REL, bits(REL_BYTES, 8),
            EV_ABS, bits(ABS_BYTES, 0, 1),
            EV_MSC, bits(MSC_BYTES, 4),
            EV_SW, bits(SW_BYTES, 1),
            EV_REP, bits(1, 0, 1)),
        Map.of(0, new AbsInfo(0, 32767, 0, 0, 0), 1, new AbsInfo(0, 32767, 0, 0, 0)));
  }

  /** A multitouch touchscreen; its switch bitmap is present but empty. */
  public static DeviceFacts multitouch() {
    return new DeviceFacts(
        ascii("Wacom HID 5256 Finger"),
        ascii("WACOM-5256"),
        0x18,
        0x2d1f,
        0x5256,
        0x0100,
        bits(PROP_BYTES, 1),
        Map.of(
            EV_KEY, bits(KEY_BYTES, BTN_TOUCH),
            EV_ABS,
                bits(
                    ABS_BYTES,
                    0,
                    1,
                    ABS_MT_SLOT,
                    ABS_MT_POSITION_X,
                    ABS_MT_POSITION_Y,
                    ABS_MT_TRACKING_ID),
            EV_SW, new byte[SW_BYTES]),
        Map.of(
            0,
            new AbsInfo(0, 25600, 0, 0, 100),
            1,
            new AbsInfo(0, 16000, 0, 0, 100),
            ABS_MT_SLOT,
            new AbsInfo(0, 9, 0, 0, 0),
            ABS_MT_POSITION_X,
            new AbsInfo(0, 25600, 0, 0, 100),
            ABS_MT_POSITION_Y,
            new AbsInfo(-16000, 16000, 4, 8, 100),
            ABS_MT_TRACKING_ID,
            new AbsInfo(0, 65535, 0, 0, 0)));
  }
}
