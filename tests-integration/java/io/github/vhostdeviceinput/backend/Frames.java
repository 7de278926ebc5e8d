// Input frames that the tests inject into fake devices, with the stream each should produce.
package io.github.vhostdeviceinput.backend;

import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.frontend.InputEvent;
import java.util.ArrayList;
import java.util.List;

/** Frames per profile, written so the fake evdev's input-core filtering passes them unchanged. */
final class Frames {
  static final int EV_SYN = 0x00;
  static final int EV_KEY = 0x01;
  static final int EV_REL = 0x02;
  static final int EV_ABS = 0x03;
  static final int EV_MSC = 0x04;
  static final int EV_LED = 0x11;
  static final int SYN_REPORT = 0;
  static final int MSC_SCAN = 4;
  static final int KEY_ESC = 1;
  static final int KEY_A = 30;
  static final int KEY_B = 48;
  static final int KEY_LEFTSHIFT = 42;
  static final int LED_NUML = 0;
  static final int LED_CAPSL = 1;
  static final int BTN_LEFT = 0x110;
  static final int BTN_TOUCH = 0x14a;
  static final int REL_X = 0;
  static final int REL_Y = 1;
  static final int REL_HWHEEL = 6;
  static final int REL_WHEEL = 8;
  static final int ABS_X = 0;
  static final int ABS_Y = 1;
  static final int ABS_MT_SLOT = 0x2f;
  static final int ABS_MT_POSITION_X = 0x35;
  static final int ABS_MT_POSITION_Y = 0x36;
  static final int ABS_MT_TRACKING_ID = 0x39;

  private Frames() {}

  static Event ev(int type, int code, int value) {
    return new Event(type, code, value);
  }

  static Event syn() {
    return ev(EV_SYN, SYN_REPORT, 0);
  }

  /** Shift-A, with scan codes, as a keyboard reports it. */
  static List<Event> keyboard() {
    return List.of(
        ev(EV_MSC, MSC_SCAN, 0x700e1),
        ev(EV_KEY, KEY_LEFTSHIFT, 1),
        syn(),
        ev(EV_MSC, MSC_SCAN, 0x70004),
        ev(EV_KEY, KEY_A, 1),
        syn(),
        ev(EV_MSC, MSC_SCAN, 0x70004),
        ev(EV_KEY, KEY_A, 0),
        syn(),
        ev(EV_MSC, MSC_SCAN, 0x700e1),
        ev(EV_KEY, KEY_LEFTSHIFT, 0),
        syn());
  }

  /** A 5-event motion frame with negative values, then a click. */
  static List<Event> mouse() {
    return List.of(
        ev(EV_REL, REL_X, 5),
        ev(EV_REL, REL_Y, -3),
        ev(EV_REL, REL_WHEEL, 1),
        ev(EV_REL, REL_HWHEEL, -1),
        syn(),
        ev(EV_KEY, BTN_LEFT, 1),
        syn(),
        ev(EV_REL, REL_X, -32768),
        syn(),
        ev(EV_KEY, BTN_LEFT, 0),
        syn());
  }

  /** Moves and a touch across the tablet's whole range. */
  static List<Event> tablet() {
    return List.of(
        ev(EV_ABS, ABS_X, 100),
        ev(EV_ABS, ABS_Y, 200),
        syn(),
        ev(EV_KEY, BTN_TOUCH, 1),
        ev(EV_ABS, ABS_X, 32767),
        ev(EV_ABS, ABS_Y, 16383),
        syn(),
        ev(EV_ABS, ABS_X, 0),
        ev(EV_ABS, ABS_Y, 0),
        syn(),
        ev(EV_KEY, BTN_TOUCH, 0),
        syn());
  }

  /**
   * Multitouch frames for the touchscreen profile: five fingers going down (22 or 23 events, more
   * than a ring of 4 holds) and lifting. Like the kernel, the fake evdev sends ABS_MT_SLOT only
   * when the slot changes and drops values equal to the old ones, and libevdev drops a new tracking
   * id in a slot that has one; so this remembers the current slot and moves every value each time.
   */
  static final class Touchscreen {
    private int slot;
    private int base = 1000;

    /** Five fingers down, each with a new tracking id and position. */
    List<Event> down() {
      List<Event> frame = new ArrayList<>();
      base += 10;
      for (int s = 0; s < 5; s++) {
        switchTo(frame, s);
        frame.add(ev(EV_ABS, ABS_MT_TRACKING_ID, base + s));
        frame.add(ev(EV_ABS, ABS_MT_POSITION_X, base + s));
        frame.add(ev(EV_ABS, ABS_MT_POSITION_Y, base + 2 * s));
      }
      frame.add(ev(EV_ABS, ABS_X, base));
      frame.add(ev(EV_ABS, ABS_Y, base + 1));
      frame.add(syn());
      return frame;
    }

    /** All five fingers up. */
    List<Event> up() {
      List<Event> frame = new ArrayList<>();
      for (int s = 4; s >= 0; s--) {
        switchTo(frame, s);
        frame.add(ev(EV_ABS, ABS_MT_TRACKING_ID, -1));
      }
      frame.add(syn());
      return frame;
    }

    private void switchTo(List<Event> frame, int s) {
      if (s != slot) {
        frame.add(ev(EV_ABS, ABS_MT_SLOT, s));
        slot = s;
      }
    }
  }

  /** The (type, code, value) of each received event, without timestamps. */
  static List<Event> received(List<InputEvent> events) {
    return events.stream().map(e -> ev(e.type(), e.code(), e.value())).toList();
  }
}
