// virtio-input numbers: config space layout and selects, queue indices, and common evdev codes.
package io.github.vhostdeviceinput.frontend;

/** Constants of the virtio-input device (virtio spec, "Input Device") and of evdev. */
public final class VirtioInput {
  public static final int EVENT_QUEUE = 0;
  public static final int STATUS_QUEUE = 1;

  /** struct virtio_input_config: select, subsel, size, 5 reserved bytes, 128-byte union. */
  public static final int CONFIG_SIZE = 136;

  public static final int OFFSET_SELECT = 0;
  public static final int OFFSET_SUBSEL = 1;
  public static final int OFFSET_SIZE = 2;
  public static final int OFFSET_UNION = 8;
  public static final int UNION_SIZE = 128;

  /** Config selects. */
  public static final int CFG_UNSET = 0x00;

  public static final int CFG_ID_NAME = 0x01;
  public static final int CFG_ID_SERIAL = 0x02;
  public static final int CFG_ID_DEVIDS = 0x03;
  public static final int CFG_PROP_BITS = 0x10;
  public static final int CFG_EV_BITS = 0x11;
  public static final int CFG_ABS_INFO = 0x12;

  /** Sizes of the union's structs. */
  public static final int DEVIDS_SIZE = 8;

  public static final int ABSINFO_SIZE = 20;

  /** Event types. */
  public static final int EV_SYN = 0x00;

  public static final int EV_KEY = 0x01;
  public static final int EV_REL = 0x02;
  public static final int EV_ABS = 0x03;
  public static final int EV_MSC = 0x04;
  public static final int EV_SW = 0x05;
  public static final int EV_LED = 0x11;
  public static final int EV_SND = 0x12;
  public static final int EV_REP = 0x14;
  public static final int EV_FF = 0x15;
  public static final int EV_MAX = 0x1f;

  /** A few codes tests use. */
  public static final int SYN_REPORT = 0;

  public static final int KEY_A = 30;
  public static final int KEY_LEFTSHIFT = 42;
  public static final int REL_X = 0;
  public static final int REL_Y = 1;
  public static final int ABS_X = 0;
  public static final int ABS_Y = 1;
  public static final int ABS_MT_SLOT = 0x2f;
  public static final int ABS_CNT = 0x40;
  public static final int MSC_SCAN = 4;
  public static final int LED_NUML = 0;
  public static final int LED_CAPSL = 1;
  public static final int LED_SCROLLL = 2;
  public static final int SND_BELL = 1;

  private VirtioInput() {}
}
