// The kernel's stream reaches a 1-vCPU QEMU guest unchanged: MT tracking ids that change without a
// lift, and bursts that would overflow the guest's 64-event evdev queue.
package io.github.vhostdeviceinput.e2e;

import static io.github.vhostdeviceinput.e2e.GuestStreams.abs;
import static io.github.vhostdeviceinput.e2e.GuestStreams.frame;
import static io.github.vhostdeviceinput.e2e.GuestStreams.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.backend.Backend;
import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.guest.QemuGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactStreamIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final String TOUCHSCREEN = "fakeevdev touchscreen";
  private static final String KEYBOARD = "fakeevdev keyboard";
  private static final int ABS_X = 0x00;
  private static final int ABS_Y = 0x01;
  private static final int ABS_MT_SLOT = 0x2f;
  private static final int ABS_MT_POSITION_X = 0x35;
  private static final int ABS_MT_POSITION_Y = 0x36;
  private static final int ABS_MT_TRACKING_ID = 0x39;

  @TempDir Path dir;

  @Test
  void twoFingerFramesWhoseTrackingIdsChangeWithoutALiftArriveExactly() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.MULTITOUCH);
        Backend backend = Backend.start(dir, List.of(fake.path(0)));
        QemuGuest guest = GuestStreams.boot("exact-mt", backend, TOUCHSCREEN)) {
      String tag = guest.deviceNamed(TOUCHSCREEN).tag();
      // libevdev in the agent would drop the N->M changes too: read the guest's node raw.
      guest.rawMode(tag, true);
      int from = guest.events(tag).size();
      List<Event> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        // Slot 1 first, so each ABS_MT_SLOT changes the slot and the input core keeps it; every
        // value changes, and each slot's tracking id goes straight from one contact to the next.
        List<Event> f =
            frame(
                abs(ABS_MT_SLOT, 1),
                abs(ABS_MT_TRACKING_ID, 200 + i),
                abs(ABS_MT_POSITION_X, 3000 + 10 * i),
                abs(ABS_MT_POSITION_Y, 2000 + 10 * i),
                abs(ABS_MT_SLOT, 0),
                abs(ABS_MT_TRACKING_ID, 100 + i),
                abs(ABS_MT_POSITION_X, 1000 + 10 * i),
                abs(ABS_MT_POSITION_Y, 500 + 10 * i),
                abs(ABS_X, 1000 + 10 * i),
                abs(ABS_Y, 500 + 10 * i));
        assertEquals(11, f.size());
        fake.inject(0, f);
        sent.addAll(f);
      }
      assertEquals(sent, GuestStreams.await(guest, tag, from, sent.size(), TIMEOUT));
      assertEquals(0, guest.powerOff(TIMEOUT));
    }
  }

  @Test
  void aHundredKeyFramesInOneWriteArriveWholeAndTheGuestDropsNothingQuietOrBusy() throws Exception {
    // The host's queue must hold the burst for the backend to see it whole; a kernel-sized one
    // (64 events) would drop it on the host before anyone read it.
    try (FakeEvdev fake = FakeEvdev.builder().device(DeviceSpec.KEYBOARD).bufferSize(1024).start();
        Backend backend = Backend.start(dir, List.of(fake.path(0)));
        QemuGuest guest = GuestStreams.boot("exact-burst", backend, KEYBOARD)) {
      String tag = guest.deviceNamed(KEYBOARD).tag();
      guest.sendCommand("rep " + tag + " 0 0"); // the guest's own repeats would add events
      for (int round = 0; round < 4; round++) {
        boolean busy = round == 3;
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> load = busy ? cpuLoad(stop) : List.of();
        try {
          int from = guest.events(tag).size();
          List<Event> burst = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            int code = 16 + (round * 7 + i) % 10; // KEY_Q..KEY_P
            burst.addAll(frame(key(code, 1)));
            burst.addAll(frame(key(code, 0)));
          }
          assertEquals(200, burst.size()); // 100 frames
          fake.inject(0, burst); // one write
          List<Event> got = GuestStreams.await(guest, tag, from, burst.size(), TIMEOUT);
          assertEquals(burst, got, (busy ? "busy" : "quiet") + " round " + round);
        } finally {
          stop.set(true);
          for (Thread t : load) {
            t.join();
          }
        }
      }
      assertEquals(0, guest.powerOff(TIMEOUT));
      assertEquals(0, backend.stop(TIMEOUT));
      Map<String, Long> counters = backend.countersLogged(fake.path(0));
      assertEquals(0, counters.get("syn_dropped"), counters.toString()); // none lost on the host
      assertTrue(counters.get("frames_paced") > 0, counters.toString());
    }
  }

  @Test
  void whatATypistTypedWhileTheGuestStalledArrivesWholeWhenItRuns() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD);
        Backend backend = Backend.start(dir, List.of(fake.path(0)));
        QemuGuest guest = GuestStreams.boot("exact-stall", backend, KEYBOARD)) {
      String tag = guest.deviceNamed(KEYBOARD).tag();
      guest.sendCommand("rep " + tag + " 0 0");
      int from = guest.events(tag).size();
      GuestStreams.signal(
          guest.pid(), "STOP"); // the guest's vCPU stops; its ring fills and input waits
      List<Event> typed = new ArrayList<>();
      try {
        for (int i = 0; i < 50; i++) {
          int code = 16 + i % 10;
          for (int value = 1; value >= 0; value--) {
            List<Event> f = frame(key(code, value));
            fake.inject(0, f); // one frame a write, a few ms apart: a device's pace
            typed.addAll(f);
            Thread.sleep(4);
          }
        }
      } finally {
        GuestStreams.signal(guest.pid(), "CONT");
      }
      assertEquals(typed, GuestStreams.await(guest, tag, from, typed.size(), TIMEOUT));
      assertEquals(0, guest.powerOff(TIMEOUT));
      assertEquals(0, backend.stop(TIMEOUT));
      Map<String, Long> counters = backend.countersLogged(fake.path(0));
      assertEquals(1, counters.get("guest_stalls"), counters.toString());
    }
  }

  /** One busy thread per CPU, until stop is set. */
  private static List<Thread> cpuLoad(AtomicBoolean stop) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      Thread t =
          new Thread(
              () -> {
                long spin = 0;
                while (!stop.get()) {
                  spin++;
                }
                if (spin == 42) {
                  System.out.print("");
                }
              },
              "cpu-load-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }
}
