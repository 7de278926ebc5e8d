// Host fake device -> packaged backend -> QEMU 10 vhost-user-input-pci -> guest kernel -> guest
// agent.
package io.github.vhostdeviceinput.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.backend.Backend;
import io.github.vhostdeviceinput.backend.HostFacts;
import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.guest.AgentEvent;
import io.github.vhostdeviceinput.guest.DeviceFacts;
import io.github.vhostdeviceinput.guest.EventTypes;
import io.github.vhostdeviceinput.guest.QemuGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestEndToEndIT {
  private static final Duration BOOT = Duration.ofSeconds(30);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String KEYBOARD = "fakeevdev keyboard";
  private static final String MOUSE = "fakeevdev mouse";
  private static final String TABLET = "fakeevdev tablet";
  private static final String TOUCHSCREEN = "fakeevdev touchscreen";

  @TempDir Path dir;

  private static Event ev(int type, int code, int value) {
    return new Event(type, code, value);
  }

  private static Event syn() {
    return ev(0, 0, 0);
  }

  /**
   * The guest's EV lines of one device, as events, without EV_REP: the agent's own "rep" command
   * writes those, and the guest kernel holds them until the next packet.
   */
  private static List<Event> received(List<AgentEvent> events) {
    return events.stream()
        .filter(e -> e.kind() == AgentEvent.Kind.EVENT && e.type() != EventTypes.EV_REP)
        .map(e -> ev(e.type(), e.code(), e.value()))
        .toList();
  }

  private static QemuGuest boot(String name, List<Path> sockets, String... devices)
      throws Exception {
    QemuGuest.Builder builder = QemuGuest.builder().name(name).vhostUserSockets(sockets);
    for (String device : devices) {
      builder.expectDevice(device);
    }
    QemuGuest guest = builder.start();
    guest.awaitReady(BOOT);
    return guest;
  }

  @Test
  void guestSeesTheHostDevicesAndTheirInputExactly() throws Exception {
    try (FakeEvdev fake =
            FakeEvdev.start(
                DeviceSpec.KEYBOARD, DeviceSpec.MOUSE, DeviceSpec.TABLET, DeviceSpec.MULTITOUCH);
        Backend backend =
            Backend.start(dir, List.of(fake.path(0), fake.path(1), fake.path(2), fake.path(3)));
        QemuGuest guest =
            boot(
                "e2e-four-devices",
                List.of(backend.socket(0), backend.socket(1), backend.socket(2), backend.socket(3)),
                KEYBOARD,
                MOUSE,
                TABLET,
                TOUCHSCREEN)) {
      backend.awaitEventRings(4);
      String[] names = {KEYBOARD, MOUSE, TABLET, TOUCHSCREEN};
      for (int i = 0; i < names.length; i++) {
        assertSameFacts(HostFacts.of(fake.path(i)), guest.deviceNamed(names[i]));
      }
      assertEquals(10, guest.deviceNamed(TOUCHSCREEN).mtSlots().getAsInt());
      assertEquals(128, guest.deviceNamed(TABLET).abs().get(0).resolution());

      // The guest repeats held keys itself; switch that off so the stream is exact.
      String keyboard = guest.deviceNamed(KEYBOARD).tag();
      guest.sendCommand("rep " + keyboard + " 0 0");
      assertStream(guest, fake, 0, keyboard, keySequence());
      assertStream(guest, fake, 1, guest.deviceNamed(MOUSE).tag(), mouseFrames());
      assertStream(guest, fake, 2, guest.deviceNamed(TABLET).tag(), tabletMoves());
      assertStream(guest, fake, 3, guest.deviceNamed(TOUCHSCREEN).tag(), touchFrames());

      fake.takeWrites(0);
      guest.sendCommand("led " + keyboard + " 1 1"); // LED_CAPSL on
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      List<Event> writes = new ArrayList<>();
      while (!writes.contains(ev(EventTypes.EV_LED, 1, 1)) && System.nanoTime() < deadline) {
        writes.addAll(fake.takeWrites(0));
        Thread.sleep(20);
      }
      assertTrue(writes.contains(ev(EventTypes.EV_LED, 1, 1)), "host writes: " + writes);
      assertEquals(0, guest.powerOff(TIMEOUT));
    }
  }

  @Test
  void aRestartedQemuGetsEventsAgainFromTheSameBackend() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD, DeviceSpec.MOUSE);
        Backend backend = Backend.start(dir, List.of(fake.path(0), fake.path(1)))) {
      List<Path> sockets = List.of(backend.socket(0), backend.socket(1));
      assertTrue(sockets.get(0).toString().endsWith("in.sock0"));
      assertTrue(sockets.get(1).toString().endsWith("in.sock1"));
      for (int boot = 1; boot <= 2; boot++) {
        try (QemuGuest guest = boot("e2e-restart-" + boot, sockets, KEYBOARD, MOUSE)) {
          backend.awaitEventRings(2 * boot);
          String keyboard = guest.deviceNamed(KEYBOARD).tag();
          guest.sendCommand("rep " + keyboard + " 0 0");
          assertStream(guest, fake, 0, keyboard, keySequence());
          assertStream(guest, fake, 1, guest.deviceNamed(MOUSE).tag(), mouseFrames());
          assertEquals(0, guest.powerOff(TIMEOUT), "boot " + boot);
        }
      }
      assertTrue(backend.isAlive());
    }
  }

  /** Injects events into fake device {@code device} and checks the guest reads exactly them. */
  private static void assertStream(
      QemuGuest guest, FakeEvdev fake, int device, String tag, List<Event> events)
      throws Exception {
    int before = received(guest.events(tag)).size();
    fake.inject(device, events);
    List<Event> all = received(guest.awaitEvents(tag, before + events.size(), TIMEOUT));
    Thread.sleep(100); // nothing extra may follow
    all = received(guest.events(tag));
    assertEquals(events, all.subList(before, all.size()), tag);
  }

  private static List<Event> keySequence() {
    List<Event> events = new ArrayList<>();
    for (int key : new int[] {35, 18, 38, 38, 24}) { // h e l l o
      events.addAll(List.of(ev(1, key, 1), syn(), ev(1, key, 0), syn()));
    }
    return events;
  }

  private static List<Event> mouseFrames() {
    return List.of(
        ev(2, 0, 7),
        ev(2, 1, -4),
        ev(2, 8, 1),
        ev(2, 6, -1),
        syn(),
        ev(1, 0x110, 1),
        syn(),
        ev(1, 0x110, 0),
        syn());
  }

  private static List<Event> tabletMoves() {
    return List.of(
        ev(3, 0, 111),
        ev(3, 1, 222),
        syn(),
        ev(3, 0, 32767),
        ev(3, 1, 16383),
        syn(),
        ev(3, 0, 5),
        ev(3, 1, 6),
        syn());
  }

  /** Two multitouch frames of 13 and 11 events: three fingers down, then moved. */
  private static List<Event> touchFrames() {
    List<Event> events = new ArrayList<>();
    for (int slot = 0; slot < 3; slot++) {
      if (slot > 0) {
        events.add(ev(3, 0x2f, slot));
      }
      events.add(ev(3, 0x39, 10 + slot));
      events.add(ev(3, 0x35, 100 * (slot + 1)));
      events.add(ev(3, 0x36, 50 * (slot + 1)));
    }
    events.add(ev(1, 0x14a, 1));
    events.add(syn());
    for (int slot = 0; slot < 3; slot++) {
      events.add(ev(3, 0x2f, slot));
      events.add(ev(3, 0x35, 100 * (slot + 1) + 7));
      events.add(ev(3, 0x36, 50 * (slot + 1) + 7));
    }
    events.add(ev(3, 0, 107));
    events.add(syn());
    return events;
  }

  /** What the guest's libevdev sees equals what the host's does, but for the bus-local bits. */
  private static void assertSameFacts(DeviceFacts host, DeviceFacts guest) {
    String name = host.name();
    assertEquals(host.name(), guest.name());
    assertEquals(host.uniq(), guest.uniq(), name);
    assertEquals(host.id(), guest.id(), name);
    assertEquals(host.props(), guest.props(), name);
    assertEquals(host.types(), guest.types(), name);
    assertEquals(host.bits(), guest.bits(), name);
    assertEquals(host.mtSlots(), guest.mtSlots(), name);
    assertEquals(host.abs().keySet(), guest.abs().keySet(), name);
    host.abs()
        .forEach(
            (axis, want) -> {
              var got = guest.abs().get(axis);
              assertEquals(
                  List.of(want.min(), want.max(), want.fuzz(), want.flat(), want.resolution()),
                  List.of(got.min(), got.max(), got.fuzz(), got.flat(), got.resolution()),
                  name + " axis " + axis);
            });
  }
}
