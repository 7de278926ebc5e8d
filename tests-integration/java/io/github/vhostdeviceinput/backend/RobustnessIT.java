// A hostile front-end ends only its own connection, its fds are closed, and a vanished device
// crashes nothing.
package io.github.vhostdeviceinput.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.frontend.FrontendOptions;
import io.github.vhostdeviceinput.frontend.Messages;
import io.github.vhostdeviceinput.frontend.TestFrontend;
import io.github.vhostdeviceinput.frontend.VhostUserConnection;
import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int SET_VRING_CALL = 13;
  private static final int VERSION_1 = 0x1;

  @TempDir Path dir;

  /** Asserts that device {@code device} of the backend serves a fresh front-end. */
  private static void assertServes(Backend backend, FakeEvdev fake, int device) throws Exception {
    try (TestFrontend frontend =
        TestFrontend.connect(backend.socket(device), FrontendOptions.qemu10())) {
      frontend.start();
      frontend.sync();
      fake.inject(device, Frames.mouse());
      assertEquals(
          Frames.mouse(), Frames.received(frontend.awaitEvents(Frames.mouse().size(), TIMEOUT)));
      frontend.stop();
    }
  }

  @Test
  void malformedMessagesEndOnlyTheirOwnConnectionAndTheirFdsAreClosed() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.MOUSE, DeviceSpec.MOUSE);
        Backend backend = Backend.start(dir, List.of(fake.path(0), fake.path(1)));
        TestFrontend neighbour =
            TestFrontend.connect(backend.socket(1), FrontendOptions.qemu10())) {
      neighbour.start();
      neighbour.sync();
      int fdsBefore = backend.openFds();

      List<byte[]> hostile =
          List.of(
              Messages.frame(9999, VERSION_1, 0, new byte[0]), // unknown request, no reply wanted
              Messages.frame(SET_VRING_CALL, VERSION_1, 8, new byte[8]), // fd expected, 3 sent
              Messages.frame(SET_VRING_CALL, VERSION_1, 0x7fffffff, new byte[0]), // absurd size
              Messages.frame(3 /* SET_OWNER */, VERSION_1, 8, new byte[0]), // size lies
              Messages.frame(24 /* SET_VRING_ENABLE */, VERSION_1, 8, Messages.vringState(7, 1)));
      for (byte[] message : hostile) {
        try (VhostUserConnection raw = VhostUserConnection.connect(backend.socket(0), TIMEOUT)) {
          int[] fds = {
            TestNative.eventfdCreate(), TestNative.eventfdCreate(), TestNative.eventfdCreate()
          };
          try {
            raw.sendRaw(message, fds);
          } finally {
            for (int fd : fds) {
              Native.close(fd);
            }
          }
          // The backend refuses or hangs up, but never crashes; then it listens again.
          raw.awaitClosed(Duration.ofSeconds(3));
        }
        assertTrue(backend.isAlive(), backend.log());
      }
      assertServes(backend, fake, 0);

      fake.inject(1, Frames.mouse());
      assertEquals(
          Frames.mouse(),
          Frames.received(neighbour.awaitEvents(Frames.mouse().size(), TIMEOUT)),
          "the other device's front-end was not disturbed");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (backend.openFds() != fdsBefore && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(fdsBefore, backend.openFds(), "every received fd was closed");
      neighbour.stop();
    }
  }

  @Test
  void aCorruptedRingIsLoggedAndOnlyThatConnectionSuffers() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.MOUSE);
        Backend backend = Backend.start(dir, List.of(fake.path(0)))) {
      try (TestFrontend frontend =
          TestFrontend.connect(backend.socket(0), FrontendOptions.qemu10())) {
        frontend.start();
        frontend.sync();
        frontend.pauseEvents();
        // A guest that makes more buffers available than the ring has slots: corrupt.
        var ring = frontend.ring(TestFrontend.EVENT_QUEUE);
        int idx = ring.availIdx();
        ring.setAvailEntry(idx, 60000);
        ring.publishAvailIdx(idx + 1);
        frontend.kick(TestFrontend.EVENT_QUEUE);
        fake.inject(0, Frames.mouse());
        backend.awaitLog("corrupted a virtqueue", 1, TIMEOUT);
        assertTrue(backend.isAlive());
      }
      assertServes(backend, fake, 0);
      assertEquals(0, backend.stop(TIMEOUT), backend.log());
    }
  }

  @Test
  void aVanishedDeviceIsLoggedNoLongerReadAndCrashesNothing() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD, DeviceSpec.MOUSE);
        Backend backend = Backend.start(dir, List.of(fake.path(0), fake.path(1)));
        TestFrontend keyboard = TestFrontend.connect(backend.socket(0), FrontendOptions.qemu10())) {
      keyboard.start();
      keyboard.sync();
      fake.unplug(0);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (backend.countMatches("device vanished") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, backend.countMatches("device vanished"), backend.log());

      // The guest may still set LEDs; they go nowhere, and nothing breaks.
      assertEquals(
          0, keyboard.sendStatus(Frames.EV_LED, Frames.LED_CAPSL, 1).awaitReturned(TIMEOUT));
      keyboard.stop();
      assertServes(backend, fake, 1);
      assertTrue(backend.isAlive());
      assertEquals(0, backend.stop(TIMEOUT), backend.log());
    }
  }
}
