// Self-test of the QEMU guest agent with QEMU's virtio input devices and in-guest uinput.
package io.github.vhostdeviceinput.guest;

import static io.github.vhostdeviceinput.guest.EventTypes.EV_ABS;
import static io.github.vhostdeviceinput.guest.EventTypes.EV_KEY;
import static io.github.vhostdeviceinput.guest.EventTypes.EV_LED;
import static io.github.vhostdeviceinput.guest.EventTypes.EV_REL;
import static io.github.vhostdeviceinput.guest.EventTypes.EV_REP;
import static io.github.vhostdeviceinput.guest.EventTypes.EV_SYN;
import static io.github.vhostdeviceinput.guest.EventTypes.LED_CAPSL;
import static io.github.vhostdeviceinput.guest.EventTypes.SYN_REPORT;
import static io.github.vhostdeviceinput.guest.Qmp.abs;
import static io.github.vhostdeviceinput.guest.Qmp.button;
import static io.github.vhostdeviceinput.guest.Qmp.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Boots one guest with virtio-keyboard-pci and virtio-tablet-pci and injects through QMP; a second
 * boot runs a script from the kernel command line and powers off by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestAgentIT {
  private static final String KEYBOARD = "QEMU Virtio Keyboard";
  private static final String TABLET = "QEMU Virtio Tablet";

  /** About 2.5 s here; the bound leaves room for a machine busy with other builds. */
  private static final Duration BOOT_LIMIT = Duration.ofSeconds(10);

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int BTN_LEFT = 0x110;
  private static final int BTN_RIGHT = 0x111;
  private static final int KEY_B = 48;
  private static final int SW_LID = 0;
  private static final int ABS_X = 0;
  private static final int ABS_MT_POSITION_X = 0x35;
  private static final int ABS_MT_TRACKING_ID = 0x39;

  /** The device whose tracking ids libevdev is meant to complain about. */
  private static final String TRACKING_DEVICE = "vdi-tracking";

  private QemuGuest guest;
  private String keyboard;
  private String tablet;

  @BeforeAll
  void boot() throws Exception {
    guest =
        QemuGuest.builder()
            .name("GuestAgentIT")
            .qemuArgs("-device", "virtio-keyboard-pci", "-device", "virtio-tablet-pci")
            .expectDevice(KEYBOARD)
            .expectDevice(TABLET)
            .start();
    Duration ready = guest.awaitReady(BOOT_LIMIT.multipliedBy(3));
    System.out.printf(
        "GuestAgentIT: QEMU %s, agent READY after %d ms%n",
        guest.qmp().version(), ready.toMillis());
    assertTrue(ready.compareTo(BOOT_LIMIT) < 0, "READY took " + ready);
    keyboard = guest.readyDevices().get(0);
    tablet = guest.readyDevices().get(1);
  }

  @AfterAll
  void kill() {
    if (guest != null) {
      guest.close();
    }
  }

  @Test
  void keyboardFactsAreQemus() {
    DeviceFacts kbd = guest.device(keyboard);
    assertEquals(KEYBOARD, kbd.name());
    assertEquals(new DeviceFacts.InputId(0x06, 0x0627, 0x0001, 0x0001), kbd.id());
    assertEquals(Set.of(EV_SYN, EV_KEY, EV_LED, EV_REP), kbd.types());
    assertEquals(Set.of(0, 1, 2), kbd.codes(EV_LED));
    assertTrue(kbd.codes(EV_KEY).containsAll(List.of(1, 30, 42, 48)), kbd.codes(EV_KEY)::toString);
    assertEquals(Optional.of(new DeviceFacts.Repeat(250, 33)), kbd.repeat());
    assertEquals(OptionalInt.empty(), kbd.mtSlots());
    assertEquals("/dev/input/" + keyboard, kbd.path());
  }

  @Test
  void tabletFactsAreQemus() {
    DeviceFacts tab = guest.device(tablet);
    assertEquals(TABLET, tab.name());
    assertEquals(new DeviceFacts.InputId(0x06, 0x0627, 0x0003, 0x0002), tab.id());
    assertEquals(Set.of(EV_SYN, EV_KEY, EV_REL, EV_ABS), tab.types());
    assertEquals(Map.of(0, AbsInfo.of(0, 32767), 1, AbsInfo.of(0, 32767)), tab.abs(), "ABS ranges");
    assertTrue(tab.codes(EV_KEY).containsAll(List.of(BTN_LEFT, BTN_RIGHT)));
    assertEquals(OptionalInt.empty(), tab.mtSlots());
  }

  @Test
  void theAtKeyboardIsReportedToo() {
    assertTrue(
        guest.agent().devices().stream().anyMatch(d -> d.id().bus() == 0x11),
        "q35's i8042 keyboard (BUS_I8042) should be listed");
  }

  @Test
  void keyEventsArriveExactlyAndInOrder() {
    // The guest's soft autorepeat would add value-2 events if QMP were slow between press and
    // release; with it off the stream is exact.
    guest.sendCommand("rep " + keyboard + " 0 0");
    int mark = guest.events(keyboard).size();
    String[][] steps = {
      {"a", "1", "30"}, {"a", "0", "30"}, {"shift", "1", "42"}, {"b", "1", "48"},
      {"b", "0", "48"}, {"shift", "0", "42"}, {"esc", "1", "1"}, {"esc", "0", "1"}
    };
    // EVIOCSREP's two EV_REP events have no SYN_REPORT of their own; the input core holds them
    // and passes them on with the next packet.
    List<AgentEvent> expected =
        new ArrayList<>(
            List.of(AgentEvent.of(keyboard, EV_REP, 0, 0), AgentEvent.of(keyboard, EV_REP, 1, 0)));
    for (String[] step : steps) {
      boolean down = step[1].equals("1");
      guest.qmp().inputSendEvent(List.of(key(step[0], down)));
      expected.add(AgentEvent.of(keyboard, EV_KEY, Integer.parseInt(step[2]), down ? 1 : 0));
      expected.add(AgentEvent.of(keyboard, EV_SYN, SYN_REPORT, 0));
    }
    assertEquals(expected, since(keyboard, mark, expected.size()));
  }

  @Test
  void tabletEventsArriveExactlyAndInOrder() {
    int mark = guest.events(tablet).size();
    guest.qmp().inputSendEvent(List.of(abs("x", 16384), abs("y", 8192)));
    guest.qmp().inputSendEvent(List.of(button("left", true)));
    guest.qmp().inputSendEvent(List.of(button("left", false)));
    guest.qmp().inputSendEvent(List.of(abs("x", 32767), abs("y", 0)));
    List<AgentEvent> expected =
        List.of(
            AgentEvent.of(tablet, EV_ABS, 0, 16384),
            AgentEvent.of(tablet, EV_ABS, 1, 8192),
            AgentEvent.of(tablet, EV_SYN, SYN_REPORT, 0),
            AgentEvent.of(tablet, EV_KEY, BTN_LEFT, 1),
            AgentEvent.of(tablet, EV_SYN, SYN_REPORT, 0),
            AgentEvent.of(tablet, EV_KEY, BTN_LEFT, 0),
            AgentEvent.of(tablet, EV_SYN, SYN_REPORT, 0),
            AgentEvent.of(tablet, EV_ABS, 0, 32767),
            AgentEvent.of(tablet, EV_ABS, 1, 0),
            AgentEvent.of(tablet, EV_SYN, SYN_REPORT, 0));
    assertEquals(expected, since(tablet, mark, expected.size()));
  }

  @Test
  void ledCommandIsWrittenAndSeen() {
    int mark = guest.events(keyboard).size();
    AgentReply on = guest.sendCommand("led " + keyboard + " LED_CAPSL 1");
    assertEquals(List.of(keyboard, "1", "1"), on.words());
    // The write goes to the device (QEMU's statusq) and to every reader of the node.
    assertEquals(
        List.of(
            AgentEvent.of(keyboard, EV_LED, LED_CAPSL, 1),
            AgentEvent.of(keyboard, EV_SYN, SYN_REPORT, 0)),
        since(keyboard, mark, 2));
    guest.sendCommand("facts " + keyboard);
    assertEquals(Map.of(LED_CAPSL, 1), guest.device(keyboard).stateOf(EV_LED));
    guest.sendCommand("led " + keyboard + " " + LED_CAPSL + " 0");
    AgentReply bad = guest.command("led " + keyboard + " 99 1", WAIT);
    assertFalse(bad.ok(), bad.line());
  }

  @Test
  void uinputDeviceShowsItsFactsAndEvents() {
    AgentReply created =
        guest.sendCommand(
            "uinput create kbd name=\"vdi uinput kbd \u00e9\" bus=0x06 vendor=0x1234"
                + " product=0x5678 version=7 KEY=KEY_A,KEY_B,KEY_C,1-3 LED=LED_CAPSL"
                + " MSC=MSC_SCAN rep=500:50");
    String node = created.words().get(2);
    DeviceFacts facts = guest.device(node);
    assertEquals("vdi uinput kbd \u00e9", facts.name());
    assertEquals(new DeviceFacts.InputId(0x06, 0x1234, 0x5678, 7), facts.id());
    assertEquals(new TreeSet<>(List.of(1, 2, 3, 30, 46, 48)), facts.codes(EV_KEY));
    assertEquals(Set.of(LED_CAPSL), facts.codes(EV_LED));
    assertEquals(Optional.of(new DeviceFacts.Repeat(500, 50)), facts.repeat());

    guest.sendCommand("uinput inject kbd KEY:KEY_A:1 SYN:SYN_REPORT:0 1:30:0 0:0:0");
    assertEquals(
        List.of(
            AgentEvent.of(node, EV_KEY, 30, 1),
            AgentEvent.of(node, EV_SYN, SYN_REPORT, 0),
            AgentEvent.of(node, EV_KEY, 30, 0),
            AgentEvent.of(node, EV_SYN, SYN_REPORT, 0)),
        since(node, 0, 4));

    guest.sendCommand("uinput destroy kbd");
    assertTrue(guest.agent().gone(node), node + " should be GONE");
  }

  @Test
  void uinputTouchscreenHasRangesAndSlots() {
    AgentReply created =
        guest.sendCommand(
            "uinput create touch name=vdi-touch props=INPUT_PROP_DIRECT KEY=BTN_TOUCH"
                + " abs=ABS_X:0:1000:2:3:10 abs=ABS_Y:0:500 abs=ABS_MT_SLOT:0:9"
                + " abs=ABS_MT_POSITION_X:0:1000 abs=ABS_MT_TRACKING_ID:0:65535");
    DeviceFacts facts = guest.device(created.words().get(2));
    assertEquals(Set.of(1), facts.props());
    assertEquals(new AbsInfo(0, 1000, 2, 3, 10, 0), facts.abs().get(0));
    assertEquals(AbsInfo.of(0, 500), facts.abs().get(1));
    assertEquals(OptionalInt.of(10), facts.mtSlots());
    guest.sendCommand("uinput destroy touch");
  }

  @Test
  void grabbedDeviceRefusesASecondGrabber() {
    String node = guest.sendCommand("uinput create g name=vdi-grab KEY=KEY_A").words().get(2);
    assertEquals(List.of(node, "1"), guest.sendCommand("grab " + node + " 1").words());
    assertEquals(List.of(node, "EBUSY"), guest.sendCommand("trygrab " + node).words());
    // The grabbing reader still gets the events.
    guest.sendCommand("uinput inject g 1:30:1 0:0:0");
    assertEquals(
        List.of(AgentEvent.of(node, EV_KEY, 30, 1), AgentEvent.of(node, EV_SYN, SYN_REPORT, 0)),
        since(node, 0, 2));
    guest.sendCommand("grab " + node + " 0");
    assertEquals(List.of(node, "0"), guest.sendCommand("trygrab " + node).words());
    guest.sendCommand("uinput destroy g");
  }

  @Test
  void overflowWhilePausedGivesSynDroppedAndASync() {
    String node = guest.sendCommand("uinput create o name=vdi-overflow KEY=KEY_A").words().get(2);
    guest.sendCommand("pause " + node);
    // Far more than the kernel's per-client buffer (64 events for this device).
    StringBuilder inject = new StringBuilder("uinput inject o");
    for (int i = 0; i < 100; i++) {
      inject.append(" 1:30:1 0:0:0 1:30:0 0:0:0");
    }
    inject.append(" 1:30:1 0:0:0");
    guest.sendCommand(inject.toString());
    // Resuming prints the queue before its OK.
    guest.sendCommand("resume " + node);
    List<AgentEvent> events = guest.events(node);
    assertTrue(
        events.stream().anyMatch(e -> e.kind() == AgentEvent.Kind.DROPPED), events::toString);
    // libevdev's sync leaves KEY_A down, as the last injected event did.
    guest.sendCommand("facts " + node);
    assertEquals(Map.of(30, 1), guest.device(node).stateOf(EV_KEY));
    guest.sendCommand("uinput destroy o");
  }

  @Test
  void trackingIdChangeWithoutLiftIsShownRawButDroppedByLibevdev() {
    String node =
        guest
            .sendCommand(
                "uinput create t name="
                    + TRACKING_DEVICE
                    + " KEY=BTN_TOUCH abs=ABS_MT_SLOT:0:1 abs=ABS_MT_POSITION_X:0:1000"
                    + " abs=ABS_MT_TRACKING_ID:0:65535")
            .words()
            .get(2);
    assertEquals(List.of(node, "1"), guest.rawMode(node, true).words());
    // Slot 0 goes from tracking id 5 to 7 without a -1 between: the kernel passes it on.
    guest.sendCommand(
        "uinput inject t ABS:ABS_MT_SLOT:0"
            + " ABS:ABS_MT_TRACKING_ID:5 ABS:ABS_MT_POSITION_X:100 SYN:SYN_REPORT:0"
            + " ABS:ABS_MT_TRACKING_ID:7 ABS:ABS_MT_POSITION_X:200 SYN:SYN_REPORT:0");
    assertEquals(
        List.of(
            AgentEvent.of(node, EV_ABS, ABS_MT_TRACKING_ID, 5),
            AgentEvent.of(node, EV_ABS, ABS_MT_POSITION_X, 100),
            AgentEvent.of(node, EV_SYN, SYN_REPORT, 0),
            AgentEvent.of(node, EV_ABS, ABS_MT_TRACKING_ID, 7),
            AgentEvent.of(node, EV_ABS, ABS_MT_POSITION_X, 200),
            AgentEvent.of(node, EV_SYN, SYN_REPORT, 0)),
        guest.events(node));

    // Back through libevdev, 7 to 9 is dropped. libevdev's new handle knows slot 0 holds 7; the
    // stale one, which saw none of the raw events, would still have -1 there and pass 9 on.
    assertEquals(List.of(node, "0"), guest.rawMode(node, false).words());
    int mark = guest.events(node).size();
    guest.sendCommand(
        "uinput inject t ABS:ABS_MT_TRACKING_ID:9 ABS:ABS_MT_POSITION_X:300 SYN:SYN_REPORT:0");
    assertEquals(
        List.of(
            AgentEvent.of(node, EV_ABS, ABS_MT_POSITION_X, 300),
            AgentEvent.of(node, EV_SYN, SYN_REPORT, 0)),
        guest.events(node).subList(mark, guest.events(node).size()));
    assertTrue(
        guest.agent().problems().stream()
            .anyMatch(p -> p.startsWith("LIBEVDEV ") && p.contains("double tracking ID 9")),
        guest.agent().problems()::toString);
    // The kernel has 9 all the same.
    assertEquals(
        Map.of(ABS_MT_POSITION_X, 300, ABS_MT_TRACKING_ID, 9), guest.state(node).mt().get(0));
    guest.sendCommand("uinput destroy t");
  }

  @Test
  void stateShowsTheKernelsKeysSwitchesLedsAxesAndSlots() {
    String node =
        guest
            .sendCommand(
                "uinput create st name=vdi-state KEY=KEY_A,KEY_B SW=SW_LID LED=LED_CAPSL"
                    + " abs=ABS_X:0:1000 abs=ABS_MT_SLOT:0:2 abs=ABS_MT_POSITION_X:0:1000"
                    + " abs=ABS_MT_TRACKING_ID:0:65535")
            .words()
            .get(2);
    guest.sendCommand(
        "uinput inject st KEY:KEY_B:1 SW:SW_LID:1 ABS:ABS_X:640 ABS:ABS_MT_SLOT:1"
            + " ABS:ABS_MT_TRACKING_ID:42 ABS:ABS_MT_POSITION_X:300 SYN:SYN_REPORT:0");
    guest.sendCommand("led " + node + " LED_CAPSL 1");
    DeviceState state = guest.state(node);
    assertEquals(node, state.tag());
    assertEquals(Set.of(KEY_B), state.keys());
    assertEquals(Set.of(SW_LID), state.switches());
    assertEquals(Set.of(LED_CAPSL), state.leds());
    assertEquals(Map.of(ABS_X, 640), state.abs());
    assertEquals(OptionalInt.of(1), state.slot());
    Map<Integer, Integer> untouched = Map.of(ABS_MT_POSITION_X, 0, ABS_MT_TRACKING_ID, -1);
    assertEquals(
        Map.of(
            0, untouched, 1, Map.of(ABS_MT_POSITION_X, 300, ABS_MT_TRACKING_ID, 42), 2, untouched),
        state.mt());

    guest.sendCommand("uinput inject st KEY:KEY_B:0 SYN:SYN_REPORT:0");
    assertEquals(Set.of(), guest.state(node).keys());
    guest.sendCommand("uinput destroy st");
  }

  @Test
  void unknownCommandIsRefused() {
    AgentReply reply = guest.command("frobnicate", WAIT);
    assertFalse(reply.ok());
    assertEquals("EINVAL", reply.errno());
  }

  @Test
  void scriptOnTheKernelCommandLineRunsAndPowersOff() throws Exception {
    try (QemuGuest scripted =
        QemuGuest.builder()
            .name("GuestAgentIT-script")
            .script("uinput create s name=\"scripted kbd\" KEY=KEY_A")
            .script("uinput inject s 1:30:1 0:0:0")
            .script("quit")
            .start()) {
      scripted.awaitAgentLine(t -> t.startsWith("BYE"), BOOT_LIMIT.multipliedBy(3));
      assertEquals(0, scripted.powerOff(WAIT), "QEMU exit code after poweroff -f");
      AgentTranscript agent = scripted.agent();
      assertEquals(Optional.of("quit"), agent.bye());
      String node = agent.deviceNamed("scripted kbd").orElseThrow().tag();
      assertEquals(
          List.of(AgentEvent.of(node, EV_KEY, 30, 1), AgentEvent.of(node, EV_SYN, SYN_REPORT, 0)),
          agent.events(node));
      assertTrue(agent.replies().stream().allMatch(AgentReply::ok), agent.replies()::toString);
      assertEquals(List.of(), agent.problems());
    }
  }

  @Test
  void agentReportedNoProblems() {
    // But libevdev's complaint about the tracking ids that a test changes on purpose.
    assertEquals(
        List.of(),
        guest.agent().problems().stream()
            .filter(p -> !(p.startsWith("LIBEVDEV ") && p.contains(TRACKING_DEVICE)))
            .toList());
  }

  /** Waits for count events of a device after the first mark, and returns them. */
  private List<AgentEvent> since(String device, int mark, int count) {
    return guest.awaitEvents(device, mark + count, WAIT).subList(mark, mark + count);
  }
}
