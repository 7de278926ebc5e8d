// Reconnects, two devices in one process, stale input, grabbing, SIGTERM and batching of pump
// returns.
package io.github.vhostdeviceinput.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.frontend.FrontendOptions;
import io.github.vhostdeviceinput.frontend.InputEvent;
import io.github.vhostdeviceinput.frontend.TestFrontend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private static List<Event> keyPress(int code) {
    return List.of(
        Frames.ev(Frames.EV_KEY, code, 1),
        Frames.syn(),
        Frames.ev(Frames.EV_KEY, code, 0),
        Frames.syn());
  }

  @Test
  void twentyReconnectsLeakNothingAndKeepTheSocket() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD);
        Backend backend = Backend.start(dir, List.of(fake.path(0)))) {
      Path socket = backend.socket(0);
      int fdsAfterFirst = -1;
      for (int cycle = 1; cycle <= 20; cycle++) {
        try (TestFrontend frontend = TestFrontend.connect(socket, FrontendOptions.qemu10())) {
          frontend.start();
          frontend.sync();
          fake.inject(0, keyPress(Frames.KEY_A));
          assertEquals(
              keyPress(Frames.KEY_A),
              Frames.received(frontend.awaitEvents(4, TIMEOUT)),
              "cycle " + cycle);
          if (cycle % 2 == 0) {
            frontend.stop(); // a clean shutdown; odd cycles just drop the connection
          }
        }
        assertTrue(Files.exists(socket), "socket file gone after cycle " + cycle);
        awaitDisconnects(backend, cycle);
        if (cycle == 1) {
          fdsAfterFirst = backend.openFds();
        }
      }
      assertEquals(fdsAfterFirst, backend.openFds(), "open fds after cycle 20 vs cycle 1");
      assertTrue(backend.isAlive());
    }
  }

  /** Waits until the backend has logged {@code n} disconnects, so fds are counted when idle. */
  private static void awaitDisconnects(Backend backend, int n) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (backend.countMatches("front-end disconnected") < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no disconnect " + n + " logged:\n" + backend.log());
      }
      Thread.sleep(10);
    }
  }

  @Test
  void twoDevicesInOneProcessAreIndependent() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD, DeviceSpec.MOUSE);
        Backend backend = Backend.start(dir, List.of(fake.path(0), fake.path(1)))) {
      assertTrue(backend.socket(0).toString().endsWith("in.sock0"));
      assertTrue(backend.socket(1).toString().endsWith("in.sock1"));
      TestFrontend keyboard = TestFrontend.connect(backend.socket(0), FrontendOptions.qemu10());
      try (TestFrontend mouse = TestFrontend.connect(backend.socket(1), FrontendOptions.qemu10())) {
        keyboard.start();
        keyboard.sync();
        mouse.start();
        mouse.sync();
        assertEquals("fakeevdev keyboard", keyboard.config().nameString());
        assertEquals("fakeevdev mouse", mouse.config().nameString());

        fake.inject(0, keyPress(Frames.KEY_B));
        fake.inject(1, Frames.mouse());
        assertEquals(keyPress(Frames.KEY_B), Frames.received(keyboard.awaitEvents(4, TIMEOUT)));
        assertEquals(
            Frames.mouse(), Frames.received(mouse.awaitEvents(Frames.mouse().size(), TIMEOUT)));

        closeAbruptly(keyboard); // the keyboard's front-end goes away, without a clean stop
        mouse.clearEvents();
        fake.inject(1, Frames.mouse());
        assertEquals(
            Frames.mouse(), Frames.received(mouse.awaitEvents(Frames.mouse().size(), TIMEOUT)));
        mouse.stop();
      } finally {
        closeAbruptly(keyboard);
      }
    }
  }

  private static void closeAbruptly(TestFrontend frontend) {
    frontend.close();
  }

  @Test
  void inputFromBeforeTheRingsRunIsNeverDelivered() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD);
        Backend backend = Backend.start(dir, List.of(fake.path(0)))) {
      // Before any front-end, and again while one connects but has not started its rings.
      fake.inject(0, keyPress(Frames.KEY_A));
      try (TestFrontend frontend =
          TestFrontend.connect(backend.socket(0), FrontendOptions.qemu10())) {
        fake.inject(0, keyPress(Frames.KEY_B));
        Thread.sleep(200);
        frontend.start();
        frontend.sync();
        fake.inject(0, keyPress(Frames.KEY_ESC));
        List<InputEvent> got = frontend.awaitEvents(4, TIMEOUT);
        Thread.sleep(200); // anything stale would have come by now
        assertEquals(keyPress(Frames.KEY_ESC), Frames.received(frontend.events()));
        assertEquals(4, got.size());
        frontend.stop();
      }
    }
  }

  @Test
  void grabbedByDefaultReleasedAtExitAndSigtermExitsZero() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD, DeviceSpec.MOUSE)) {
      Backend backend = Backend.start(dir, List.of(fake.path(0), fake.path(1)));
      try (backend;
          TestFrontend frontend =
              TestFrontend.connect(backend.socket(0), FrontendOptions.qemu10())) {
        frontend.start();
        frontend.sync();
        assertTrue(fake.isGrabbed(0));
        assertTrue(fake.isGrabbed(1));
        assertEquals(0, backend.stop(TIMEOUT), backend.log());
      }
      assertFalse(Files.exists(backend.socket(0)), "sockets are removed at exit");
      assertFalse(Files.exists(backend.socket(1)));
      assertFalse(fake.isGrabbed(0), "grab released at exit");
      assertFalse(fake.isGrabbed(1));
      assertEquals(0, fake.clientCount(0), "device closed at exit");
    }
  }

  @Test
  void aSecondSignalExitsAtOnce() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.MOUSE);
        Backend backend = Backend.start(dir, List.of(fake.path(0)));
        var stalled =
            io.github.vhostdeviceinput.frontend.VhostUserConnection.connect(
                backend.socket(0), TIMEOUT)) {
      // Half a message header: the device thread now waits (up to 2 s) for the rest, so the
      // first SIGTERM's clean stop cannot finish before the second signal comes.
      stalled.sendRaw(new byte[] {1, 0, 0, 0, 1, 0});
      Thread.sleep(200);
      ProcessHandle handle = ProcessHandle.of(backend.pid()).orElseThrow();
      Runtime.getRuntime()
          .exec(new String[] {"kill", "-TERM", Long.toString(backend.pid())})
          .waitFor();
      Thread.sleep(100);
      Runtime.getRuntime()
          .exec(new String[] {"kill", "-TERM", Long.toString(backend.pid())})
          .waitFor();
      handle.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      // 143 = 128 + SIGTERM: the second signal's immediate exit, not the clean stop's 0.
      assertEquals(128 + 15, backend.stop(TIMEOUT), backend.log());
    }
  }

  @Test
  void noGrabLeavesTheDeviceToOthers() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.MOUSE);
        Backend backend = Backend.start(dir, List.of(fake.path(0)), "--no-grab")) {
      assertFalse(fake.isGrabbed(0));
      assertEquals(1, fake.clientCount(0));
      assertEquals(0, backend.stop(TIMEOUT));
    }
  }

  @Test
  void pumpReturnsToJavaFarLessOftenThanEventsArrive() throws Exception {
    int frames = 5_000; // 10,000 events: REL_X and SYN_REPORT
    try (FakeEvdev fake = FakeEvdev.builder().device(DeviceSpec.MOUSE).lossless(true).start()) {
      // Batches of 500 come faster than a device reports: unpaced, they show the batching.
      Backend backend = Backend.start(dir, List.of(fake.path(0)), "--burst-rate", "unlimited");
      try (backend;
          TestFrontend frontend =
              TestFrontend.connect(backend.socket(0), FrontendOptions.linuxByteAccess())) {
        frontend.start();
        frontend.sync();
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
          batch.add(Frames.ev(Frames.EV_REL, Frames.REL_X, 1 + i % 100));
          batch.add(Frames.syn());
          if (batch.size() == 500) {
            fake.inject(0, batch);
            batch.clear();
          }
        }
        List<InputEvent> got;
        try {
          got = frontend.awaitEvents(2 * frames, Duration.ofSeconds(30));
        } catch (java.util.concurrent.TimeoutException e) {
          backend.stop(TIMEOUT);
          throw new AssertionError(
              "got "
                  + frontend.events().size()
                  + " events; backend: "
                  + backend.countersLogged(fake.path(0))
                  + "\n"
                  + backend.log());
        }
        assertEquals(2 * frames, got.size());
        for (int i = 0; i < frames; i++) {
          assertEquals(1 + i % 100, got.get(2 * i).value(), "event " + 2 * i);
        }
        frontend.stop();
        assertEquals(0, backend.stop(TIMEOUT));
      }
      Map<String, Long> counters = backend.countersLogged(fake.path(0));
      System.out.println("10,000 events, ring 64: " + counters);
      assertEquals(2L * frames, counters.get("events_delivered"), counters.toString());
      assertEquals(0L, counters.get("frames_dropped"), counters.toString());
      assertTrue(
          counters.get("pump_returns") < 1000,
          "pump returned " + counters.get("pump_returns") + " times for " + 2 * frames + " events");
    }
  }
}
