// LEDs the guest sets on the status queue reach the host device; echoed EV_MSC does not.
package io.github.vhostdeviceinput.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.frontend.FrontendOptions;
import io.github.vhostdeviceinput.frontend.TestFrontend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusQueueIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void capsLockReachesTheHostAndMscDoesNot() throws Exception {
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD);
        Backend backend = Backend.start(dir, List.of(fake.path(0)));
        TestFrontend frontend = TestFrontend.connect(backend.socket(0), FrontendOptions.qemu10())) {
      frontend.start();
      frontend.sync();
      fake.takeWrites(0);

      // The guest echoes EV_MSC back; writing it to the host would loop.
      assertEquals(
          0, frontend.sendStatus(Frames.EV_MSC, Frames.MSC_SCAN, 0x70039).awaitReturned(TIMEOUT));
      assertEquals(
          0, frontend.sendStatus(Frames.EV_LED, Frames.LED_CAPSL, 1).awaitReturned(TIMEOUT));
      assertEquals(
          0, frontend.sendStatus(Frames.EV_LED, Frames.LED_NUML, 1).awaitReturned(TIMEOUT));
      assertEquals(
          0, frontend.sendStatus(Frames.EV_LED, Frames.LED_CAPSL, 0).awaitReturned(TIMEOUT));

      List<Event> writes = new ArrayList<>(fake.takeWrites(0));
      writes.removeIf(e -> e.type() == Frames.EV_SYN);
      assertEquals(
          List.of(
              Frames.ev(Frames.EV_LED, Frames.LED_CAPSL, 1),
              Frames.ev(Frames.EV_LED, Frames.LED_NUML, 1),
              Frames.ev(Frames.EV_LED, Frames.LED_CAPSL, 0)),
          writes);
      frontend.stop();
    }
  }
}
