// The event sequences the calibration injects: input-core filtering cases and queue overflows.
package io.github.vhostdeviceinput.calibration;

import static io.github.vhostdeviceinput.calibration.Sequence.EV_SYN;

import java.util.List;

/**
 * Per device: sequences for the input core's filtering and frame handling, and fillers that put an
 * exact number of events into a paused reader's queue. Codes are linux/input-event-codes.h's.
 *
 * <p>Keys that the guest's own input handlers act on are avoided: lock keys (the VT keyboard
 * handler answers them with LED events), SysRq and Ctrl+Alt+Del.
 */
final class Sequences {
  static final int SYN_CONFIG = 1;
  static final int SYN_MT_REPORT = 2;
  static final int KEY_ESC = 1;
  static final int KEY_1 = 2;
  static final int KEY_Q = 16;
  static final int KEY_A = 30;
  static final int KEY_LEFTSHIFT = 42;
  static final int KEY_B = 48;
  static final int KEY_MICMUTE = 248;
  static final int BTN_LEFT = 0x110;
  static final int BTN_RIGHT = 0x111;
  static final int BTN_MIDDLE = 0x112;
  static final int BTN_EXTRA = 0x114;
  static final int BTN_FORWARD = 0x115;
  static final int BTN_TOUCH = 0x14a;
  static final int REL_X = 0;
  static final int REL_Y = 1;
  static final int REL_Z = 2;
  static final int REL_HWHEEL = 6;
  static final int REL_WHEEL = 8;
  static final int REL_WHEEL_HI_RES = 11;
  static final int ABS_X = 0;
  static final int ABS_Y = 1;
  static final int ABS_Z = 2;
  static final int ABS_PRESSURE = 0x18;
  static final int ABS_MT_SLOT = 0x2f;
  static final int ABS_MT_POSITION_X = 0x35;
  static final int ABS_MT_POSITION_Y = 0x36;
  static final int ABS_MT_TRACKING_ID = 0x39;
  static final int MSC_SCAN = 4;
  static final int LED_NUML = 0;
  static final int LED_CAPSL = 1;
  static final int LED_MAIL = 8;
  static final int SW_LID = 0;
  static final int SW_TABLET_MODE = 1;
  static final int SW_HEADPHONE_INSERT = 2;
  static final int SW_MICROPHONE_INSERT = 4;
  static final int SND_CLICK = 0;
  static final int SND_BELL = 1;
  static final int SND_TONE = 2;

  private Sequences() {}

  /** The filtering and framing cases of one device, run in this order. */
  static List<Sequence> streams(CalibratedDevice device) {
    return switch (device) {
      case KEYBOARD -> keyboard();
      case MOUSE -> mouse();
      case TABLET -> tablet();
      case MULTITOUCH -> multitouch();
      case FUZZY_TOUCHSCREEN -> fuzzy();
      case BARE_SLOTS -> bareSlots();
      case SWITCHES -> switches();
    };
  }

  private static List<Sequence> keyboard() {
    return List.of(
        Sequence.named("press and release, with scan codes")
            .msc(MSC_SCAN, 0x70004)
            .key(KEY_A, 1)
            .syn()
            .msc(MSC_SCAN, 0x70004)
            .key(KEY_A, 0)
            .syn()
            .build(),
        Sequence.named("autorepeat values, also for a key that is up")
            .key(KEY_B, 1)
            .syn()
            .key(KEY_B, 2)
            .syn()
            .key(KEY_B, 2)
            .syn()
            .key(KEY_B, 0)
            .syn()
            .key(KEY_Q, 2)
            .syn()
            .key(KEY_Q, 0)
            .syn()
            .build(),
        Sequence.named("duplicate presses and releases")
            .key(KEY_ESC, 1)
            .syn()
            .key(KEY_ESC, 1)
            .syn()
            .key(KEY_ESC, 1)
            .key(KEY_1, 1)
            .syn()
            .key(KEY_ESC, 0)
            .syn()
            .key(KEY_ESC, 0)
            .key(KEY_1, 0)
            .syn()
            .key(KEY_1, 0)
            .syn()
            .build(),
        Sequence.named("key values other than 0, 1 and 2")
            .key(KEY_A, 5)
            .syn()
            .key(KEY_A, 7)
            .syn()
            .key(KEY_A, -1)
            .syn()
            .key(KEY_A, 0)
            .syn()
            .build(),
        Sequence.named("empty SYN_REPORTs")
            .syn()
            .syn()
            .syn()
            .key(KEY_ESC, 1)
            .syn()
            .syn()
            .syn()
            .key(KEY_ESC, 0)
            .syn()
            .syn()
            .build(),
        Sequence.named("codes and types the device lacks, LEDs")
            .key(BTN_LEFT, 1)
            .syn()
            .key(KEY_MICMUTE + 1, 1)
            .syn()
            .rel(REL_X, 5)
            .abs(ABS_X, 5)
            .sw(SW_LID, 1)
            .led(LED_MAIL, 1)
            .syn()
            .key(KEY_MICMUTE, 1)
            .syn()
            .key(KEY_MICMUTE, 0)
            .led(LED_CAPSL, 1)
            .syn()
            .led(LED_CAPSL, 1)
            .syn()
            .led(LED_CAPSL, 0)
            .syn()
            .build(),
        Sequence.named("EV_SYN codes other than SYN_REPORT")
            .key(KEY_A, 1)
            .event(EV_SYN, SYN_MT_REPORT, 0)
            .event(EV_SYN, SYN_CONFIG, 0)
            .event(EV_SYN, 5, 0)
            .syn()
            .event(EV_SYN, SYN_MT_REPORT, 0)
            .syn()
            .key(KEY_A, 0)
            .syn()
            .build(),
        Sequence.named("a batch that ends without SYN_REPORT")
            .key(KEY_A, 1)
            .msc(MSC_SCAN, 30)
            .buildSilent(),
        Sequence.named("the held events come out with the next SYN_REPORT")
            .syn()
            .key(KEY_A, 0)
            .syn()
            .build(),
        Sequence.named("more events than a packet holds, without SYN_REPORT")
            .key(KEY_1, 1)
            .key(KEY_1 + 1, 1)
            .key(KEY_1 + 2, 1)
            .key(KEY_1 + 3, 1)
            .key(KEY_1 + 4, 1)
            .key(KEY_1 + 5, 1)
            .key(KEY_1, 0)
            .key(KEY_1 + 1, 0)
            .key(KEY_1 + 2, 0)
            .key(KEY_1 + 3, 0)
            .key(KEY_1 + 4, 0)
            .key(KEY_1 + 5, 0)
            .syn()
            .build());
  }

  private static List<Sequence> mouse() {
    Sequence.Builder manyRel =
        Sequence.named("more events than a packet holds, without SYN_REPORT");
    for (int i = 0; i < 15; i++) {
      manyRel.rel(REL_X, i % 2 == 0 ? 2 : -2);
    }
    return List.of(
        Sequence.named("motion, with zero values")
            .rel(REL_X, 5)
            .rel(REL_Y, 0)
            .syn()
            .rel(REL_X, 0)
            .rel(REL_Y, 0)
            .syn()
            .rel(REL_X, -3)
            .rel(REL_Y, -7)
            .rel(REL_WHEEL, 1)
            .rel(REL_HWHEEL, -1)
            .syn()
            .rel(REL_X, 5)
            .syn()
            .rel(REL_X, 5)
            .syn()
            .build(),
        Sequence.named("buttons, with duplicates and a value 2")
            .key(BTN_LEFT, 1)
            .syn()
            .key(BTN_LEFT, 1)
            .rel(REL_X, 1)
            .syn()
            .key(BTN_RIGHT, 2)
            .syn()
            .key(BTN_LEFT, 0)
            .syn()
            .key(BTN_LEFT, 0)
            .syn()
            .build(),
        Sequence.named("codes and types the device lacks")
            .rel(REL_Z, 3)
            .syn()
            .rel(REL_WHEEL_HI_RES, 120)
            .abs(ABS_X, 5)
            .key(KEY_A, 1)
            .msc(MSC_SCAN, 1)
            .key(BTN_FORWARD, 1)
            .syn()
            .key(BTN_EXTRA, 1)
            .syn()
            .key(BTN_EXTRA, 0)
            .syn()
            .build(),
        Sequence.named("a batch that ends without SYN_REPORT")
            .rel(REL_X, 1)
            .rel(REL_Y, 1)
            .buildSilent(),
        Sequence.named("the held events come out with the next SYN_REPORT").syn().build(),
        manyRel.syn().build());
  }

  private static List<Sequence> tablet() {
    Sequence.Builder manyAbs =
        Sequence.named("more events than a packet holds, without SYN_REPORT");
    for (int i = 0; i < 14; i++) {
      manyAbs.abs(ABS_X, 7000 + i);
    }
    return List.of(
        Sequence.named("axes, with duplicates")
            .abs(ABS_X, 100)
            .abs(ABS_Y, 200)
            .syn()
            .abs(ABS_X, 100)
            .abs(ABS_Y, 200)
            .syn()
            .abs(ABS_X, 100)
            .abs(ABS_Y, 201)
            .syn()
            .build(),
        Sequence.named("touch with position")
            .key(BTN_TOUCH, 1)
            .abs(ABS_X, 300)
            .syn()
            .abs(ABS_X, 300)
            .syn()
            .key(BTN_TOUCH, 0)
            .syn()
            .build(),
        Sequence.named("values outside the axis range")
            .abs(ABS_X, 40000)
            .abs(ABS_Y, -5)
            .syn()
            .abs(ABS_X, 32767)
            .abs(ABS_Y, 0)
            .syn()
            .build(),
        Sequence.named("codes and types the device lacks")
            .abs(ABS_Z, 5)
            .abs(ABS_PRESSURE, 5)
            .rel(REL_X, 1)
            .key(KEY_A, 1)
            .syn()
            .key(BTN_MIDDLE, 1)
            .syn()
            .key(BTN_MIDDLE, 0)
            .syn()
            .build(),
        Sequence.named("a batch that ends without SYN_REPORT").abs(ABS_X, 5000).buildSilent(),
        Sequence.named("the input core keeps state of held events: a repeat is a duplicate")
            .abs(ABS_X, 5000)
            .abs(ABS_Y, 6000)
            .syn()
            .build(),
        manyAbs.syn().build());
  }

  private static List<Sequence> multitouch() {
    Sequence.Builder manyMt = Sequence.named("more events than a packet holds, without SYN_REPORT");
    for (int i = 0; i < 65; i++) {
      manyMt.abs(ABS_MT_POSITION_Y, 3000 + i);
    }
    return List.of(
        Sequence.named("a touch in slot 0 without ABS_MT_SLOT")
            .abs(ABS_MT_TRACKING_ID, 10)
            .abs(ABS_MT_POSITION_X, 100)
            .abs(ABS_MT_POSITION_Y, 200)
            .key(BTN_TOUCH, 1)
            .abs(ABS_X, 100)
            .abs(ABS_Y, 200)
            .syn()
            .build(),
        Sequence.named("a second touch: the slot switch")
            .abs(ABS_MT_SLOT, 1)
            .abs(ABS_MT_TRACKING_ID, 11)
            .abs(ABS_MT_POSITION_X, 300)
            .abs(ABS_MT_POSITION_Y, 400)
            .syn()
            .build(),
        Sequence.named("a slot switch whose first value is a duplicate")
            .abs(ABS_MT_SLOT, 0)
            .abs(ABS_MT_POSITION_X, 100)
            .abs(ABS_MT_POSITION_Y, 250)
            .syn()
            .build(),
        Sequence.named("slot switches with nothing changed")
            .abs(ABS_MT_SLOT, 1)
            .abs(ABS_MT_SLOT, 0)
            .abs(ABS_MT_SLOT, 1)
            .abs(ABS_MT_POSITION_X, 300)
            .syn()
            .buildSilent(),
        Sequence.named("the staged slot goes out with the next change")
            .abs(ABS_MT_POSITION_Y, 410)
            .syn()
            .build(),
        Sequence.named("a double tracking id, then a repeated one")
            .abs(ABS_MT_TRACKING_ID, 12)
            .syn()
            .abs(ABS_MT_TRACKING_ID, 12)
            .syn()
            .build(),
        Sequence.named("slot numbers outside the device")
            .abs(ABS_MT_SLOT, 10)
            .abs(ABS_MT_POSITION_X, 555)
            .abs(ABS_MT_SLOT, -1)
            .abs(ABS_MT_POSITION_Y, 556)
            .syn()
            .build(),
        Sequence.named("lifting both touches, then a second lift")
            .abs(ABS_MT_SLOT, 0)
            .abs(ABS_MT_TRACKING_ID, -1)
            .abs(ABS_MT_SLOT, 1)
            .abs(ABS_MT_TRACKING_ID, -1)
            .key(BTN_TOUCH, 0)
            .syn()
            .abs(ABS_MT_SLOT, 0)
            .abs(ABS_MT_TRACKING_ID, -1)
            .syn()
            .build(),
        Sequence.named("protocol A's SYN_MT_REPORT").event(EV_SYN, SYN_MT_REPORT, 0).syn().build(),
        Sequence.named("a batch that ends without SYN_REPORT")
            .abs(ABS_MT_SLOT, 2)
            .abs(ABS_MT_TRACKING_ID, 20)
            .abs(ABS_MT_POSITION_X, 1)
            .buildSilent(),
        Sequence.named("the held events come out with the next SYN_REPORT").syn().build(),
        manyMt.syn().build(),
        Sequence.named("lifting the last touch").abs(ABS_MT_TRACKING_ID, -1).syn().build());
  }

  private static List<Sequence> fuzzy() {
    Sequence.Builder plain = Sequence.named("fuzz on a plain axis");
    for (int x : new int[] {1000, 1020, 1050, 1100, 1300, 1290, 1200, 1000, 1000}) {
      plain.abs(ABS_X, x).syn();
    }
    return List.of(
        plain.build(),
        Sequence.named("fuzz per slot")
            .abs(ABS_MT_TRACKING_ID, 1)
            .abs(ABS_MT_POSITION_X, 1000)
            .syn()
            .abs(ABS_MT_POSITION_X, 1040)
            .syn()
            .abs(ABS_MT_SLOT, 1)
            .abs(ABS_MT_TRACKING_ID, 2)
            .abs(ABS_MT_POSITION_X, 1040)
            .syn()
            .abs(ABS_MT_SLOT, 0)
            .abs(ABS_MT_POSITION_X, 1030)
            .syn()
            .abs(ABS_MT_SLOT, 1)
            .abs(ABS_MT_POSITION_X, 1100)
            .abs(ABS_MT_POSITION_Y, 5)
            .syn()
            .abs(ABS_MT_SLOT, 0)
            .abs(ABS_MT_TRACKING_ID, -1)
            .abs(ABS_MT_SLOT, 1)
            .abs(ABS_MT_TRACKING_ID, -1)
            .syn()
            .build());
  }

  private static List<Sequence> bareSlots() {
    Sequence.Builder many = Sequence.named("more events than a packet holds, without SYN_REPORT");
    for (int i = 0; i < 32; i++) {
      many.abs(ABS_MT_POSITION_X, 600 + i);
    }
    return List.of(
        Sequence.named("tracking ids on a device that did not declare them")
            .abs(ABS_MT_TRACKING_ID, 5)
            .abs(ABS_MT_POSITION_X, 10)
            .key(BTN_TOUCH, 1)
            .syn()
            .abs(ABS_MT_SLOT, 3)
            .abs(ABS_MT_TRACKING_ID, 70000)
            .abs(ABS_MT_POSITION_Y, 20)
            .syn()
            .build(),
        Sequence.named("slot numbers next to each other, as ABS_MT_SLOT has fuzz")
            .abs(ABS_MT_SLOT, 2)
            .abs(ABS_MT_POSITION_X, 30)
            .abs(ABS_MT_SLOT, 3)
            .abs(ABS_MT_POSITION_X, 40)
            .syn()
            .build(),
        many.syn().build(),
        Sequence.named("lifting the touches")
            .abs(ABS_MT_SLOT, 0)
            .abs(ABS_MT_TRACKING_ID, -1)
            .abs(ABS_MT_SLOT, 3)
            .abs(ABS_MT_TRACKING_ID, -1)
            .key(BTN_TOUCH, 0)
            .syn()
            .build());
  }

  private static List<Sequence> switches() {
    return List.of(
        Sequence.named("switches, with duplicates")
            .sw(SW_LID, 1)
            .syn()
            .sw(SW_LID, 1)
            .syn()
            .sw(SW_TABLET_MODE, 1)
            .sw(SW_LID, 0)
            .syn()
            .sw(SW_LID, 0)
            .sw(SW_TABLET_MODE, 3)
            .syn()
            .sw(SW_TABLET_MODE, 0)
            .syn()
            .build(),
        Sequence.named("sounds pass even when repeated")
            .snd(SND_BELL, 1)
            .syn()
            .snd(SND_BELL, 1)
            .syn()
            .snd(SND_TONE, 440)
            .snd(SND_BELL, 0)
            .syn()
            .snd(SND_TONE, 0)
            .syn()
            .build(),
        Sequence.named("codes and types the device lacks")
            .sw(SW_MICROPHONE_INSERT, 1)
            .snd(SND_CLICK, 1)
            .key(KEY_A, 1)
            .syn()
            .buildSilent(),
        Sequence.named("a batch that ends without SYN_REPORT")
            .sw(SW_HEADPHONE_INSERT, 1)
            .buildSilent(),
        Sequence.named("the held events come out with the next SYN_REPORT")
            .sw(SW_HEADPHONE_INSERT, 0)
            .syn()
            .build());
  }

  /**
   * Brings the input core to a known state for {@link #fill}: the fill's axis and key away from the
   * values it uses, and for multitouch slot 0 current and last sent. May show events or not.
   */
  static Sequence settle(CalibratedDevice device) {
    Sequence.Builder s = Sequence.named("settle before a fill");
    switch (device) {
      case KEYBOARD -> s.key(KEY_A, 0).syn();
      case SWITCHES -> s.sw(SW_LID, 0).syn();
      case MOUSE -> s.rel(REL_Y, 1).syn();
      case TABLET -> s.abs(ABS_X, 1000).abs(ABS_Y, 1).syn().abs(ABS_Y, 2).syn();
      case MULTITOUCH, FUZZY_TOUCHSCREEN, BARE_SLOTS ->
          // Two different values, so one of them passes and sends slot 0 for certain.
          s.abs(ABS_MT_SLOT, 0)
              .abs(ABS_MT_POSITION_X, 1000)
              .abs(ABS_MT_POSITION_Y, 1)
              .syn()
              .abs(ABS_MT_POSITION_Y, 2)
              .syn();
    }
    return s.build();
  }

  /**
   * Exactly {@code count} events into the queue (at least 2), after {@link #settle}: frames of one
   * changing event and SYN_REPORT, and for an odd count one frame of two.
   */
  static Sequence fill(CalibratedDevice device, int count) {
    Sequence.Builder s = Sequence.named("exactly " + count + " events");
    int pairs = count % 2 == 0 ? count / 2 : (count - 3) / 2;
    for (int i = 0; i < pairs; i++) {
      changing(device, s, i);
      s.syn();
    }
    if (count % 2 == 1) {
      switch (device) {
        case KEYBOARD -> s.msc(MSC_SCAN, 30).key(KEY_A, pairs % 2 == 0 ? 1 : 0);
        case SWITCHES -> s.snd(SND_BELL, 1).sw(SW_LID, pairs % 2 == 0 ? 1 : 0);
        case MOUSE -> s.rel(REL_X, 1).rel(REL_Y, 1);
        case TABLET -> s.abs(ABS_X, 5000).abs(ABS_Y, 100 + pairs);
        case MULTITOUCH, FUZZY_TOUCHSCREEN, BARE_SLOTS ->
            s.abs(ABS_MT_POSITION_X, 3000).abs(ABS_MT_POSITION_Y, 100 + pairs);
      }
      s.syn();
    }
    return s.build();
  }

  /** One event that the input core passes for frame i of a fill. */
  private static void changing(CalibratedDevice device, Sequence.Builder s, int i) {
    switch (device) {
      case KEYBOARD -> s.key(KEY_A, i % 2 == 0 ? 1 : 0);
      case SWITCHES -> s.sw(SW_LID, i % 2 == 0 ? 1 : 0);
      case MOUSE -> s.rel(REL_X, i % 2 == 0 ? 1 : -1);
      case TABLET -> s.abs(ABS_Y, 100 + i);
      case MULTITOUCH, FUZZY_TOUCHSCREEN, BARE_SLOTS -> s.abs(ABS_MT_POSITION_Y, 100 + i);
    }
  }

  /**
   * Far more than the queue holds, leaving state that the resync must report: something pressed or
   * touched early (lost in the overflow) and something changed at the very end.
   */
  static Sequence overflow(CalibratedDevice device) {
    Sequence.Builder s = Sequence.named("overflow: " + 3 * device.queueSize + " events and more");
    switch (device) {
      case KEYBOARD -> s.key(KEY_LEFTSHIFT, 1).led(LED_NUML, 1).syn();
      case SWITCHES -> s.sw(SW_TABLET_MODE, 1).syn();
      case MOUSE -> s.key(BTN_LEFT, 1).syn();
      case TABLET -> s.key(BTN_TOUCH, 1).abs(ABS_X, 2000).syn();
      case MULTITOUCH, FUZZY_TOUCHSCREEN, BARE_SLOTS ->
          s.key(BTN_TOUCH, 1)
              .abs(ABS_MT_SLOT, 0)
              .abs(ABS_MT_TRACKING_ID, 100)
              .abs(ABS_MT_POSITION_X, 2000)
              .abs(ABS_MT_SLOT, 1)
              .abs(ABS_MT_TRACKING_ID, 101)
              .abs(ABS_MT_POSITION_X, 3000)
              .abs(ABS_MT_SLOT, 2)
              .abs(ABS_MT_TRACKING_ID, 102)
              .syn()
              .abs(ABS_MT_TRACKING_ID, -1)
              .abs(ABS_MT_SLOT, 0)
              .syn();
    }
    for (int i = 0; i < 3 * device.queueSize / 2; i++) {
      changing(device, s, i);
      s.syn();
    }
    switch (device) {
      case KEYBOARD -> s.key(KEY_B, 1).led(LED_CAPSL, 1).syn();
      case SWITCHES -> s.sw(SW_HEADPHONE_INSERT, 1).syn();
      case MOUSE -> s.key(BTN_RIGHT, 1).rel(REL_X, 9).syn();
      case TABLET -> s.abs(ABS_X, 2345).abs(ABS_Y, 678).syn();
      case MULTITOUCH, FUZZY_TOUCHSCREEN, BARE_SLOTS ->
          s.abs(ABS_MT_SLOT, 1).abs(ABS_MT_POSITION_X, 3500).abs(ABS_MT_POSITION_Y, 777).syn();
    }
    return s.build();
  }

  /** What follows an overflow: releasing what the overflow left pressed or touched. */
  static Sequence afterOverflow(CalibratedDevice device) {
    Sequence.Builder s = Sequence.named("after the overflow");
    switch (device) {
      case KEYBOARD ->
          s.key(KEY_B, 0)
              .syn()
              .key(KEY_LEFTSHIFT, 0)
              .led(LED_NUML, 0)
              .led(LED_CAPSL, 0)
              .syn()
              .key(KEY_A, 1)
              .syn();
      case SWITCHES -> s.sw(SW_TABLET_MODE, 0).sw(SW_HEADPHONE_INSERT, 0).syn();
      case MOUSE -> s.key(BTN_LEFT, 0).key(BTN_RIGHT, 0).syn().rel(REL_Y, 4).syn();
      case TABLET -> s.key(BTN_TOUCH, 0).abs(ABS_X, 2346).syn();
      case MULTITOUCH, FUZZY_TOUCHSCREEN, BARE_SLOTS ->
          s.abs(ABS_MT_TRACKING_ID, -1)
              .abs(ABS_MT_SLOT, 0)
              .abs(ABS_MT_TRACKING_ID, -1)
              .key(BTN_TOUCH, 0)
              .syn();
    }
    return s.build();
  }
}
