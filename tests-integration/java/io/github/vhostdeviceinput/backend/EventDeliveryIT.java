// Frames from every device profile reach the front-end exactly and in order, with rings of 4 and
// 64.
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventDeliveryIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static final Frames.Touchscreen TOUCHSCREEN = new Frames.Touchscreen();
  private static FakeEvdev fake;
  private static Backend backend;

  @BeforeAll
  static void start() throws Exception {
    fake =
        FakeEvdev.builder()
            .device(DeviceSpec.KEYBOARD)
            .device(DeviceSpec.MOUSE)
            .device(DeviceSpec.TABLET)
            .device(DeviceSpec.MULTITOUCH)
            .start();
    backend = Backend.start(dir, List.of(fake.path(0), fake.path(1), fake.path(2), fake.path(3)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (backend != null) {
      backend.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("ring 4, EVENT_IDX (QEMU 10)", FrontendOptions.qemu10()),
        Arguments.of("ring 4, no EVENT_IDX", FrontendOptions.qemu10().withEventIdx(false)),
        Arguments.of("ring 64, byte config (older QEMU)", FrontendOptions.linuxByteAccess()),
        Arguments.of("ring 64, EVENT_IDX", FrontendOptions.linuxByteAccess().withEventIdx(true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyProfileArrivesExactly(String name, FrontendOptions options) throws Exception {
    List<List<Event>> streams =
        List.of(Frames.keyboard(), Frames.mouse(), Frames.tablet(), touches());
    for (int device = 0; device < streams.size(); device++) {
      try (TestFrontend frontend = TestFrontend.connect(backend.socket(device), options)) {
        frontend.start();
        frontend.sync();
        List<Event> sent = streams.get(device);
        fake.inject(device, sent);
        List<Event> got = Frames.received(frontend.awaitEvents(sent.size(), TIMEOUT));
        assertEquals(sent, got, "device " + device + ", " + name);
        assertTrue(frontend.violations().isEmpty(), frontend.violations().toString());
        frontend.stop();
      }
    }
  }

  /** Fingers down and up again, as one stream. */
  private static List<Event> touches() {
    List<Event> stream = new java.util.ArrayList<>(TOUCHSCREEN.down());
    stream.addAll(TOUCHSCREEN.up());
    return stream;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aMultitouchFrameLongerThanTheRingArrivesWhole(String name, FrontendOptions options)
      throws Exception {
    try (TestFrontend frontend = TestFrontend.connect(backend.socket(3), options)) {
      frontend.start();
      frontend.sync();
      for (int i = 0; i < 3; i++) {
        List<Event> frame = TOUCHSCREEN.down();
        assertTrue(frame.size() >= 22);
        fake.inject(3, frame);
        List<Event> got = Frames.received(frontend.awaitEvents(frame.size(), TIMEOUT));
        assertEquals(frame, got, name + ", frame " + i);
        frontend.clearEvents();
        List<Event> lift = TOUCHSCREEN.up();
        fake.inject(3, lift);
        assertEquals(lift, Frames.received(frontend.awaitEvents(lift.size(), TIMEOUT)));
        frontend.clearEvents();
      }
      assertTrue(frontend.violations().isEmpty(), frontend.violations().toString());
      frontend.stop();
    }
  }
}
