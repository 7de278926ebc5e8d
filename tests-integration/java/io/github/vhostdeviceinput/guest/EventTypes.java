// Event type numbers and the names the agent prints for them (libevdev's, without "EV_").
package io.github.vhostdeviceinput.guest;

import java.util.Map;
import java.util.OptionalInt;

/** Event types and a few codes from linux/input-event-codes.h that tests use. */
public final class EventTypes {
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
  public static final int EV_PWR = 0x16;
  public static final int EV_FF_STATUS = 0x17;

  public static final int SYN_REPORT = 0;
  public static final int SYN_DROPPED = 3;
  public static final int BUS_VIRTUAL = 0x06;
  public static final int LED_NUML = 0;
  public static final int LED_CAPSL = 1;
  public static final int LED_SCROLLL = 2;

  private static final Map<String, Integer> BY_NAME =
      Map.ofEntries(
          Map.entry("SYN", EV_SYN),
          Map.entry("KEY", EV_KEY),
          Map.entry("REL", EV_REL),
          Map.entry("ABS", EV_ABS),
          Map.entry("MSC", EV_MSC),
          Map.entry("SW", EV_SW),
          Map.entry("LED", EV_LED),
          Map.entry("SND", EV_SND),
          Map.entry("REP", EV_REP),
          Map.entry("FF", EV_FF),
          Map.entry("PWR", EV_PWR),
          Map.entry("FF_STATUS", EV_FF_STATUS));

  private EventTypes() {}

  /** The type for a name the agent prints ({@code KEY}), or for a number it prints instead. */
  public static OptionalInt byName(String name) {
    Integer type = BY_NAME.get(name);
    if (type != null) {
      return OptionalInt.of(type);
    }
    try {
      return OptionalInt.of(Integer.parseInt(name));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
