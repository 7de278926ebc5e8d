// A guest that stops taking events makes the backlog drop whole frames, and no key is left stuck.
package io.github.vhostdeviceinput.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.frontend.FrontendOptions;
import io.github.vhostdeviceinput.frontend.TestFrontend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverflowIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void droppedFramesAreWholeAndHeldKeysAreResynced() throws Exception {
    try (FakeEvdev fake = FakeEvdev.builder().device(DeviceSpec.KEYBOARD).lossless(true).start()) {
      Backend backend = Backend.start(dir, List.of(fake.path(0)));
      try (backend;
          TestFrontend frontend =
              TestFrontend.connect(backend.socket(0), FrontendOptions.qemu10())) {
        frontend.start();
        frontend.sync();
        frontend.pauseEvents(); // the guest stops taking events

        // A goes down, then 3,000 taps of B (12,000 events, three backlogs' worth), then A goes
        // up and C goes down and stays down.
        fake.inject(0, List.of(key(Frames.KEY_A, 1), Frames.syn()));
        List<Event> taps = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
          taps.addAll(
              List.of(key(Frames.KEY_B, 1), Frames.syn(), key(Frames.KEY_B, 0), Frames.syn()));
        }
        fake.inject(0, taps);
        int lastC = 46;
        fake.inject(0, List.of(key(Frames.KEY_A, 0), Frames.syn(), key(lastC, 1), Frames.syn()));

        frontend.resumeEvents();
        List<Event> got = awaitQuiet(frontend);

        // Every delivered frame is whole: the stream is key events, each run ending in SYN_REPORT.
        assertEquals(Frames.syn(), got.get(got.size() - 1));
        Map<Integer, Integer> keys = new TreeMap<>();
        for (Event e : got) {
          assertTrue(e.type() == Frames.EV_KEY || e.equals(Frames.syn()), e.toString());
          if (e.type() == Frames.EV_KEY) {
            keys.put(e.code(), e.value());
          }
        }
        keys.values().removeIf(v -> v == 0);
        assertEquals(Map.of(lastC, 1), keys, "keys down in the guest at the end");
        frontend.stop();
        assertEquals(0, backend.stop(TIMEOUT));
      }
      Map<String, Long> counters = backend.countersLogged(fake.path(0));
      System.out.println("overflow: " + counters);
      assertTrue(counters.get("frames_dropped") > 0, counters.toString());
      assertEquals(12_006, counters.get("events_read"), counters.toString());
    }
  }

  private static Event key(int code, int value) {
    return Frames.ev(Frames.EV_KEY, code, value);
  }

  /** Waits until the front-end has received nothing new for half a second. */
  private static List<Event> awaitQuiet(TestFrontend frontend) throws InterruptedException {
    int seen = -1;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (frontend.events().size() != seen && System.nanoTime() < deadline) {
      seen = frontend.events().size();
      Thread.sleep(500);
    }
    return Frames.received(frontend.events());
  }
}
