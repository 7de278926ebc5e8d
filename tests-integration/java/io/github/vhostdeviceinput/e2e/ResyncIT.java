// A guest that missed input (its VM paused, or the host's queue overflowed) is brought back to the
// host's state through QEMU 10, with nothing left down.
package io.github.vhostdeviceinput.e2e;

import static io.github.vhostdeviceinput.e2e.GuestStreams.frame;
import static io.github.vhostdeviceinput.e2e.GuestStreams.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.backend.Backend;
import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.guest.DeviceState;
import io.github.vhostdeviceinput.guest.QemuGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResyncIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final String KEYBOARD = "fakeevdev keyboard";
  private static final int KEY_A = 30;
  private static final int KEY_B = 48;

  @TempDir Path dir;

  @Test
  void aKeyReleasedWhileTheVmIsPausedIsReleasedInTheGuestOnCont() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD);
        Backend backend = Backend.start(dir, List.of(fake.path(0)));
        QemuGuest guest = GuestStreams.boot("resync-pause", backend, KEYBOARD)) {
      String tag = guest.deviceNamed(KEYBOARD).tag();
      guest.sendCommand("rep " + tag + " 0 0");
      int from = guest.events(tag).size();
      fake.inject(0, frame(key(KEY_A, 1)));
      assertEquals(frame(key(KEY_A, 1)), GuestStreams.await(guest, tag, from, 2, TIMEOUT));
      assertEquals(Set.of(KEY_A), guest.state(tag).keys());

      guest.qmp().execute("stop"); // the rings stop; the guest's driver is not reset
      backend.awaitLog("the event ring stopped", 1, TIMEOUT);
      fake.inject(0, frame(key(KEY_A, 0))); // released on the host during the pause
      from = guest.events(tag).size(); // nothing arrives while the VM is stopped
      long cont = System.nanoTime();
      guest.qmp().execute("cont");

      List<Event> got = GuestStreams.await(guest, tag, from, 2, Duration.ofSeconds(2));
      long waited = (System.nanoTime() - cont) / 1_000_000;
      assertEquals(frame(key(KEY_A, 0)), got, "the release after cont, " + waited + " ms");
      assertTrue(waited < 2000, waited + " ms");
      assertEquals(Set.of(), guest.state(tag).keys(), "keys down in the guest");

      int after = guest.events(tag).size();
      fake.inject(0, frame(key(KEY_B, 1)));
      fake.inject(0, frame(key(KEY_B, 0)));
      List<Event> fresh = new ArrayList<>(frame(key(KEY_B, 1)));
      fresh.addAll(frame(key(KEY_B, 0)));
      assertEquals(fresh, GuestStreams.await(guest, tag, after, 4, TIMEOUT));
      assertEquals(0, guest.powerOff(TIMEOUT));
    }
  }

  @Test
  void afterTheHostQueueOverflowsTheGuestHoldsExactlyTheHostsKeys() throws Exception {
    // The fake's queue is the kernel's 64 events for a keyboard.
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD);
        Backend backend = Backend.start(dir, List.of(fake.path(0)));
        QemuGuest guest = GuestStreams.boot("resync-overflow", backend, KEYBOARD)) {
      String tag = guest.deviceNamed(KEYBOARD).tag();
      guest.sendCommand("rep " + tag + " 0 0");
      int from = guest.events(tag).size();
      fake.inject(0, frame(key(KEY_A, 1))); // held before, released in the flood
      GuestStreams.await(guest, tag, from, 2, TIMEOUT);
      from = guest.events(tag).size();

      GuestStreams.signal(backend.pid(), "STOP");
      SortedSet<Integer> host = new TreeSet<>(Set.of(KEY_A));
      List<Event> flood = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        int code = 16 + (i * 7) % 12; // KEY_Q..KEY_RIGHTBRACE, pressed and released in turn
        int value = host.contains(code) ? 0 : 1;
        if (i == 75) {
          code = KEY_A;
          value = 0;
        }
        if (value == 1) {
          host.add(code);
        } else {
          host.remove(code);
        }
        flood.addAll(frame(key(code, value)));
      }
      fake.inject(0, flood); // 300 events into a queue of 64: the host drops
      assertFalse(host.isEmpty(), "some keys stay down on the host");
      GuestStreams.signal(backend.pid(), "CONT");

      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      DeviceState state = guest.state(tag);
      while (!state.keys().equals(host) && System.nanoTime() < deadline) {
        Thread.sleep(50);
        state = guest.state(tag);
      }
      assertEquals(host, state.keys(), "the guest's keys 3 s after SIGCONT");
      assertWholeFrames(GuestStreams.since(guest, tag, from));

      int after = guest.events(tag).size();
      List<Event> release = new ArrayList<>();
      for (int code : host) {
        release.addAll(frame(key(code, 0)));
      }
      fake.inject(0, release);
      assertEquals(release, GuestStreams.await(guest, tag, after, release.size(), TIMEOUT));
      assertEquals(Set.of(), guest.state(tag).keys(), "keys down in the guest at the end");
      assertEquals(0, guest.powerOff(TIMEOUT));
      assertEquals(0, backend.stop(TIMEOUT));
      Map<String, Long> counters = backend.countersLogged(fake.path(0));
      assertTrue(counters.get("syn_dropped") > 0, counters.toString());
      assertTrue(counters.get("resyncs") > 0, counters.toString());
    }
  }

  /** The guest saw no drop of its own, and every run of events ends in SYN_REPORT. */
  private static void assertWholeFrames(List<Event> events) {
    assertFalse(
        events.contains(new Event(Event.EV_SYN, Event.SYN_DROPPED, 0)), "the guest dropped");
    assertTrue(events.isEmpty() || events.get(events.size() - 1).equals(Event.synReport()));
    for (Event e : events) {
      assertTrue(e.type() == Event.EV_KEY || e.equals(Event.synReport()), e.toString());
    }
  }
}
