// Turns text into key events and key events back into text, for the demo's US keyboard layout.
package io.github.vhostdeviceinput.demo;

import io.github.vhostdeviceinput.fixture.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lower-case letters, digits, space and a little punctuation; enough for a greeting. */
final class KeyText {
  static final int EV_SYN = 0;
  static final int EV_KEY = 1;
  static final int EV_MSC = 4;
  static final int MSC_SCAN = 4;

  private static final Map<Character, Integer> KEYS = new HashMap<>();
  private static final Map<Integer, Character> CHARS = new HashMap<>();

  static {
    // Rows of a US keyboard, each from its first key code (linux/input-event-codes.h).
    row("1234567890-=", 2);
    row("qwertyuiop[]", 16);
    row("asdfghjkl;'`", 30);
    row("\\zxcvbnm,./", 43);
    put(' ', 57);
  }

  private KeyText() {}

  private static void row(String keys, int firstCode) {
    for (int i = 0; i < keys.length(); i++) {
      put(keys.charAt(i), firstCode + i);
    }
  }

  private static void put(char c, int code) {
    KEYS.put(c, code);
    CHARS.put(code, c);
  }

  /** Press and release, each a frame with a scan code, for every character of {@code text}. */
  static List<Event> type(String text) {
    List<Event> events = new ArrayList<>();
    for (char c : text.toCharArray()) {
      Integer code = KEYS.get(c);
      if (code == null) {
        throw new IllegalArgumentException("the demo cannot type '" + c + "'");
      }
      for (int value : new int[] {1, 0}) {
        events.add(new Event(EV_MSC, MSC_SCAN, 0x70000 + code));
        events.add(new Event(EV_KEY, code, value));
        events.add(new Event(EV_SYN, 0, 0));
      }
    }
    return events;
  }

  /** The character of a key press, or null for keys the demo does not know. */
  static Character charOf(int code) {
    return CHARS.get(code);
  }
}
