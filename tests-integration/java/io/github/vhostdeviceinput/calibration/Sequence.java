// A named run of events that the calibration injects into the kernel's uinput and into the fake.
package io.github.vhostdeviceinput.calibration;

import io.github.vhostdeviceinput.fixture.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Events as a driver's {@code input_event()} calls would pass them, in order. Nothing is added: a
 * sequence that does not end in SYN_REPORT leaves its last events with the input core.
 *
 * @param name what the sequence exercises, for failure messages
 * @param events the events, injected as they are
 * @param visible whether the kernel must show something for it; false for a sequence whose events
 *     the input core holds back or filters out entirely, so an empty stream is not mistaken for a
 *     test that exercised nothing
 */
record Sequence(String name, List<Event> events, boolean visible) {
  static final int EV_SYN = 0x00;
  static final int EV_KEY = 0x01;
  static final int EV_REL = 0x02;
  static final int EV_ABS = 0x03;
  static final int EV_MSC = 0x04;
  static final int EV_SW = 0x05;
  static final int EV_LED = 0x11;
  static final int EV_SND = 0x12;

  Sequence {
    events = List.copyOf(events);
  }

  /** Starts a sequence. */
  static Builder named(String name) {
    return new Builder(name);
  }

  /** The events as the agent's {@code T:C:V} tokens. */
  static String agentTokens(List<Event> part) {
    return part.stream()
        .map(e -> e.type() + ":" + e.code() + ":" + e.value())
        .collect(Collectors.joining(" "));
  }

  /** The events in parts of at most max, for agent commands of bounded length. */
  List<List<Event>> parts(int max) {
    List<List<Event>> parts = new ArrayList<>();
    for (int i = 0; i < events.size(); i += max) {
      parts.add(events.subList(i, Math.min(events.size(), i + max)));
    }
    return parts;
  }

  /** Collects events in order. */
  static final class Builder {
    private final String name;
    private final List<Event> events = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    Builder event(int type, int code, int value) {
      events.add(new Event(type, code, value));
      return this;
    }

    Builder syn() {
      return event(EV_SYN, 0, 0);
    }

    Builder key(int code, int value) {
      return event(EV_KEY, code, value);
    }

    Builder rel(int code, int value) {
      return event(EV_REL, code, value);
    }

    Builder abs(int code, int value) {
      return event(EV_ABS, code, value);
    }

    Builder msc(int code, int value) {
      return event(EV_MSC, code, value);
    }

    Builder led(int code, int value) {
      return event(EV_LED, code, value);
    }

    Builder sw(int code, int value) {
      return event(EV_SW, code, value);
    }

    Builder snd(int code, int value) {
      return event(EV_SND, code, value);
    }

    /** The number of events so far. */
    int size() {
      return events.size();
    }

    /** A sequence the kernel shows something for. */
    Sequence build() {
      return new Sequence(name, events, true);
    }

    /** A sequence the kernel shows nothing for (held back or filtered out). */
    Sequence buildSilent() {
      return new Sequence(name, events, false);
    }
  }
}
