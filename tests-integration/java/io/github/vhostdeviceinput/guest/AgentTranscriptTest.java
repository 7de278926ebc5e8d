// Parses golden agent output (as printed by the guest and by evdev-dump) into facts, events,
// replies.
package io.github.vhostdeviceinput.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AgentTranscriptTest {
  private static final List<String> TABLET =
      List.of(
          "AGENT 1 pid=95",
          "DEV event2 \"/dev/input/event2\"",
          "FACT event2 name \"QEMU Virtio Tablet\"",
          "FACT event2 phys \"virtio1/input0\"",
          "FACT event2 uniq \"\"",
          "FACT event2 id bus=0x0006 vendor=0x0627 product=0x0003 version=0x0002",
          "FACT event2 driver 0x010001",
          "FACT event2 props",
          "FACT event2 types SYN KEY REL ABS",
          "FACT event2 bits KEY 272 273 274 275 276 330 336 337",
          "FACT event2 bits REL 8",
          "FACT event2 bits ABS 0 1",
          "FACT event2 abs 0 min=0 max=32767 fuzz=0 flat=0 res=0 value=0",
          "FACT event2 abs 1 min=-5 max=32767 fuzz=1 flat=2 res=3 value=4",
          "FACT event2 mtslots none",
          "FACT event2 state KEY",
          "OPEN event2",
          "READY event2");

  @Test
  void factsOfAFactBlock() {
    AgentTranscript t = AgentTranscript.of(TABLET);
    DeviceFacts tab = t.device("event2").orElseThrow();
    assertEquals("QEMU Virtio Tablet", tab.name());
    assertEquals("/dev/input/event2", tab.path());
    assertEquals("virtio1/input0", tab.phys());
    assertEquals("", tab.uniq());
    assertEquals(new DeviceFacts.InputId(6, 0x627, 3, 2), tab.id());
    assertEquals(0x010001, tab.driverVersion());
    assertEquals(Set.of(), tab.props());
    assertEquals(Set.of(0, 1, 2, 3), tab.types());
    assertEquals(Set.of(8), tab.codes(EventTypes.EV_REL));
    assertEquals(new AbsInfo(-5, 32767, 1, 2, 3, 4), tab.abs().get(1));
    assertEquals(OptionalInt.empty(), tab.mtSlots());
    assertEquals(Optional.empty(), tab.repeat());
    assertEquals(Map.of(), tab.stateOf(EventTypes.EV_KEY));
    assertEquals(Optional.of(List.of("event2")), t.ready());
    assertEquals(List.of(), t.problems());
  }

  @Test
  void escapedNameAndMultitouchAndRepeatAndState() {
    AgentTranscript t =
        AgentTranscript.of(
            List.of(
                "DEV event3 \"/dev/input/event3\"",
                "FACT event3 name \"kbd \\xc3\\xa9 \\x22q\\x22\"",
                "FACT event3 types SYN KEY ABS LED REP",
                "FACT event3 mtslots 10",
                "FACT event3 rep delay=500 period=50",
                "FACT event3 state LED 1=1 2=1",
                "OPEN event3"));
    DeviceFacts d = t.device("event3").orElseThrow();
    assertEquals("kbd \u00e9 \"q\"", d.name());
    assertEquals(OptionalInt.of(10), d.mtSlots());
    assertEquals(Optional.of(new DeviceFacts.Repeat(500, 50)), d.repeat());
    assertEquals(Map.of(1, 1, 2, 1), d.stateOf(EventTypes.EV_LED));
    assertEquals(Optional.of(d), t.deviceNamed("kbd \u00e9 \"q\""));
  }

  @Test
  void eventsDroppedAndSync() {
    AgentTranscript t = AgentTranscript.of(TABLET);
    List.of("EV event2 3 0 16384", "DROPPED event2", "SYNC event2 1 30 1", "SYNC event2 0 0 0")
        .forEach(t::accept);
    assertEquals(
        List.of(
            AgentEvent.of("event2", 3, 0, 16384),
            new AgentEvent(AgentEvent.Kind.DROPPED, "event2", 0, 3, 0),
            new AgentEvent(AgentEvent.Kind.SYNC, "event2", 1, 30, 1),
            new AgentEvent(AgentEvent.Kind.SYNC, "event2", 0, 0, 0)),
        t.events("event2"));
    assertEquals("DROPPED event2", t.events("event2").get(1).toString());
  }

  @Test
  void rawModeLinesAreEventsAndDroppedAsBefore() {
    AgentTranscript t = AgentTranscript.of(TABLET);
    List.of("OK #1 raw event2 1", "EV event2 3 0 5", "DROPPED event2", "EV event2 0 0 0")
        .forEach(t::accept);
    assertEquals(List.of("event2", "1"), t.reply("#1").orElseThrow().words());
    assertEquals(
        List.of(
            AgentEvent.of("event2", 3, 0, 5),
            new AgentEvent(AgentEvent.Kind.DROPPED, "event2", 0, 3, 0),
            AgentEvent.of("event2", 0, 0, 0)),
        t.events("event2"));
    assertEquals(List.of(), t.problems());
  }

  @Test
  void stateLinesBecomeTheDeviceStateAtTheirOk() {
    AgentTranscript t = AgentTranscript.of(TABLET);
    List.of(
            "STATE event5 KEY 30 330",
            "STATE event5 SW 0",
            "STATE event5 LED 1 2",
            "STATE event5 ABS 0=640 1=-3",
            "STATE event5 SLOT 1",
            "STATE event5 MT 0 53=0 57=-1",
            "STATE event5 MT 1 53=300 57=42")
        .forEach(t::accept);
    assertEquals(Optional.empty(), t.state("event5"), "no state before the OK");
    t.accept("OK #4 state event5");
    SortedMap<Integer, SortedMap<Integer, Integer>> mt = new TreeMap<>();
    mt.put(0, new TreeMap<>(Map.of(53, 0, 57, -1)));
    mt.put(1, new TreeMap<>(Map.of(53, 300, 57, 42)));
    DeviceState state = t.state("event5").orElseThrow();
    assertEquals(
        new DeviceState(
            "event5",
            new TreeSet<>(Set.of(30, 330)),
            new TreeSet<>(Set.of(0)),
            new TreeSet<>(Set.of(1, 2)),
            new TreeMap<>(Map.of(0, 640, 1, -3)),
            OptionalInt.of(1),
            mt),
        state);
    assertEquals(List.of(), t.problems());
  }

  @Test
  void aStateWithoutLinesIsEmptyAndEachStateReplacesTheLast() {
    AgentTranscript t = AgentTranscript.of(TABLET);
    List.of("STATE event2 KEY 272", "STATE event2 ABS 0=1 1=2", "OK #1 state event2")
        .forEach(t::accept);
    assertEquals(Set.of(272), t.state("event2").orElseThrow().keys());
    List.of("STATE event2 KEY", "STATE event2 ABS 0=3 1=4", "OK #2 state event2")
        .forEach(t::accept);
    DeviceState second = t.state("event2").orElseThrow();
    assertEquals(Set.of(), second.keys());
    assertEquals(Map.of(0, 3, 1, 4), second.abs());
    t.accept("OK #3 state event9");
    DeviceState empty = t.state("event9").orElseThrow();
    assertEquals(Set.of(), empty.leds());
    assertEquals(OptionalInt.empty(), empty.slot());
    assertEquals(Map.of(), empty.mt());
  }

  @Test
  void malformedStateLinesAreProblemsAndAddNothing() {
    AgentTranscript t =
        AgentTranscript.of(
            List.of(
                "STATE e KEY 30 x",
                "STATE e ABS 0=1 1",
                "STATE e SLOT",
                "STATE e MT 0 53",
                "STATE e FOO 1",
                "STATE e",
                "OK #1 state e"));
    assertEquals(6, t.problems().size(), t.problems()::toString);
    DeviceState state = t.state("e").orElseThrow();
    assertEquals(Set.of(), state.keys());
    assertEquals(Map.of(), state.abs());
    assertEquals(Map.of(), state.mt());
  }

  @Test
  void aReusedTagStartsAFreshDevice() {
    AgentTranscript t = AgentTranscript.of(TABLET);
    t.accept("EV event2 0 0 0");
    t.accept("GONE event2 ENODEV");
    assertTrue(t.gone("event2"));
    assertEquals(List.of(), t.devices());
    t.accept("DEV event2 \"/dev/input/event2\"");
    t.accept("FACT event2 name \"again\"");
    t.accept("OPEN event2");
    assertFalse(t.gone("event2"));
    assertEquals("again", t.device("event2").orElseThrow().name());
    assertEquals(List.of(), t.events("event2"));
    assertEquals(1, t.allEvents().size());
  }

  @Test
  void repliesAndProblems() {
    AgentTranscript t =
        AgentTranscript.of(
            List.of(
                "OK #1 led event1 1 1",
                "ERR #2 led EINVAL \"bad LED code or value\"",
                "ERR - open ENOTTY \"/dev/null\"",
                "LIBEVDEV 10 sanitize \"bad thing\"",
                "what is this",
                "BYE quit"));
    AgentReply ok = t.reply("#1").orElseThrow();
    assertTrue(ok.ok());
    assertEquals("led", ok.verb());
    assertEquals(List.of("event1", "1", "1"), ok.words());
    assertEquals("event1 1 1", ok.detail());
    AgentReply err = t.reply("#2").orElseThrow();
    assertFalse(err.ok());
    assertEquals("EINVAL", err.errno());
    assertEquals("bad LED code or value", err.detail());
    assertEquals(
        List.of(
            "ERR - open ENOTTY \"/dev/null\"",
            "LIBEVDEV 10 sanitize \"bad thing\"",
            "what is this"),
        t.problems());
    assertEquals(Optional.of("quit"), t.bye());
  }

  @Test
  void malformedLinesAreProblemsNotExceptions() {
    AgentTranscript t =
        AgentTranscript.of(
            List.of(
                "EV event1 1 x 1",
                "FACT nodev name \"x\"",
                "DEV e \"/p\"",
                "FACT e id bus=0x1",
                "FACT e abs 0 min=1",
                "OPEN nodev",
                "DEV \"open"));
    assertEquals(6, t.problems().size(), t.problems()::toString);
  }
}
