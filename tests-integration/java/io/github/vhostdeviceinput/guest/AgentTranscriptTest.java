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
