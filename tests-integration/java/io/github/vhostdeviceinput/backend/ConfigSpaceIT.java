// Every select/subsel the front-end reads matches the host device's libevdev facts and the spec's
// sizes.
package io.github.vhostdeviceinput.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.frontend.ConfigWriteStyle;
import io.github.vhostdeviceinput.frontend.FrontendOptions;
import io.github.vhostdeviceinput.frontend.ProbedConfig;
import io.github.vhostdeviceinput.frontend.TestFrontend;
import io.github.vhostdeviceinput.guest.AbsInfo;
import io.github.vhostdeviceinput.guest.DeviceFacts;
import io.github.vhostdeviceinput.guest.EventTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigSpaceIT {
  /** 200 bytes: the config space holds the first 128. */
  static final String LONG_NAME = "a long device name " + "x".repeat(181);

  /** Latin-1 bytes, invalid as UTF-8, and a byte that is never UTF-8. */
  static final byte[] NON_UTF8_NAME = {'c', 'a', 'f', (byte) 0xe9, ' ', (byte) 0xff, 'k', 'b', 'd'};

  static final DeviceSpec LONG_NAMED =
      DeviceSpec.definition(
          "name \""
              + LONG_NAME
              + "\"\n"
              + "uniq serial-0123456789\n"
              + "id bustype=0x03 vendor=0x046d product=0xc52b version=0x0111\n"
              + "key KEY_A KEY_B BTN_LEFT\nrel REL_X REL_Y\n");
  static final DeviceSpec NON_UTF8_NAMED =
      DeviceSpec.definition(
          "name \"caf\\xe9 \\xffkbd\"\nkey KEY_ESC KEY_ENTER\nled LED_CAPSL\n"
              + "sw SW_LID\nsnd SND_BELL\n");

  @TempDir static Path dir;
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
            .device(LONG_NAMED)
            .device(NON_UTF8_NAMED)
            .start();
    List<Path> devices = Stream.iterate(0, i -> i + 1).limit(6).map(fake::path).toList();
    backend = Backend.start(dir, devices);
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

  static Stream<Arguments> devicesAndStyles() {
    return Stream.of(0, 1, 2, 3, 4, 5)
        .flatMap(
            device ->
                Stream.of(
                    Arguments.of(device, ConfigWriteStyle.LINUX_BYTES),
                    Arguments.of(device, ConfigWriteStyle.QEMU_WHOLE)));
  }

  @ParameterizedTest(name = "device {0}, {1} writes")
  @MethodSource("devicesAndStyles")
  void configMatchesLibevdevFacts(int device, ConfigWriteStyle style) throws Exception {
    DeviceFacts facts = HostFacts.of(fake.path(device));
    FrontendOptions options =
        FrontendOptions.qemu10().withConfigWrite(style).withProbeAllEventTypes(true);
    try (TestFrontend frontend = TestFrontend.connect(backend.socket(device), options)) {
      frontend.start();
      frontend.sync();
      ProbedConfig config = frontend.config();
      assertTrue(config.problems().isEmpty(), config.problems().toString());

      if (device == 4) {
        byte[] name = LONG_NAME.getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(Arrays.copyOf(name, 128), config.name(), "cut to 128 bytes");
      } else if (device == 5) {
        assertArrayEquals(NON_UTF8_NAME, config.name(), "raw bytes, not re-encoded");
      } else {
        assertEquals(facts.name(), new String(config.name(), StandardCharsets.UTF_8));
      }
      assertEquals(facts.uniq(), new String(config.serial(), StandardCharsets.UTF_8));

      assertEquals(8, config.devIdsSize());
      var ids = config.devIds().orElseThrow();
      assertEquals(facts.id().bus(), ids.bustype());
      assertEquals(facts.id().vendor(), ids.vendor());
      assertEquals(facts.id().product(), ids.product());
      assertEquals(facts.id().version(), ids.version());

      assertEquals(facts.props(), bitSet(config.propBits()), "properties");
      for (int type = 1; type <= 0x1f; type++) {
        int size = config.eventBitsSizes().getOrDefault(type, 0);
        if (!facts.types().contains(type)) {
          assertEquals(0, size, "type " + type + " is not on the device");
          continue;
        }
        if (type == EventTypes.EV_REP) {
          assertTrue(size > 0, "EV_REP must answer a nonzero size, for guest autorepeat");
          continue;
        }
        SortedSet<Integer> codes = facts.codes(type);
        byte[] bits = config.eventBits().get(type);
        assertEquals(codes, bitSet(bits), "codes of type " + type);
        assertEquals(codes.last() / 8 + 1, size, "bitmap of type " + type + " is trimmed");
      }

      assertEquals(facts.abs().keySet(), config.absInfo().keySet(), "axes");
      for (Map.Entry<Integer, AbsInfo> axis : facts.abs().entrySet()) {
        AbsInfo want = axis.getValue();
        ProbedConfig.Axis got = config.absInfo().get(axis.getKey());
        assertEquals(20, config.absInfoSizes().get(axis.getKey()));
        assertEquals(
            List.of(want.min(), want.max(), want.fuzz(), want.flat(), want.resolution()),
            List.of(got.min(), got.max(), got.fuzz(), got.flat(), got.resolution()),
            "axis " + axis.getKey());
      }
      frontend.stop();
    }
  }

  @ParameterizedTest(name = "{0} writes")
  @MethodSource("styles")
  void unsupportedSelectsReadSizeZero(ConfigWriteStyle style) throws Exception {
    FrontendOptions options = FrontendOptions.qemu10().withConfigWrite(style);
    try (TestFrontend frontend = TestFrontend.connect(backend.socket(1), options)) {
      frontend.start();
      frontend.sync();
      assertEquals(0, frontend.readConfig(0x00, 0).size(), "UNSET");
      assertEquals(0, frontend.readConfig(0x13, 0).size(), "unknown select");
      assertEquals(0, frontend.readConfig(0x11, 0x11).size(), "EV_LED on a mouse");
      assertEquals(0, frontend.readConfig(0x12, 0x00).size(), "ABS_INFO on a mouse");
      assertFalse(frontend.readConfig(0x11, 0x02).size() == 0, "EV_REL on a mouse");
      frontend.stop();
    }
  }

  static Stream<ConfigWriteStyle> styles() {
    return Stream.of(ConfigWriteStyle.LINUX_BYTES, ConfigWriteStyle.QEMU_WHOLE);
  }

  private static SortedSet<Integer> bitSet(byte[] bits) {
    SortedSet<Integer> set = new TreeSet<>();
    for (int i = 0; bits != null && i < bits.length * 8; i++) {
      if ((bits[i / 8] & (1 << (i % 8))) != 0) {
        set.add(i);
      }
    }
    return set;
  }
}
