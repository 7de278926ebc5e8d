// Tests the virtio-input config space: every select and subsel for four kinds of device, and
// writes.
package io.github.vhostdeviceinput.virtio;

import static io.github.vhostdeviceinput.virtio.TestDevices.ABS_MT_POSITION_X;
import static io.github.vhostdeviceinput.virtio.TestDevices.ABS_MT_POSITION_Y;
import static io.github.vhostdeviceinput.virtio.TestDevices.ABS_MT_SLOT;
import static io.github.vhostdeviceinput.virtio.TestDevices.ABS_MT_TRACKING_ID;
import static io.github.vhostdeviceinput.virtio.TestDevices.EV_ABS;
import static io.github.vhostdeviceinput.virtio.TestDevices.EV_KEY;
import static io.github.vhostdeviceinput.virtio.TestDevices.EV_LED;
import static io.github.vhostdeviceinput.virtio.TestDevices.EV_MSC;
import static io.github.vhostdeviceinput.virtio.TestDevices.EV_REL;
import static io.github.vhostdeviceinput.virtio.TestDevices.EV_REP;
import static io.github.vhostdeviceinput.virtio.TestDevices.EV_SND;
import static io.github.vhostdeviceinput.virtio.TestDevices.EV_SW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputConfigTest {
  private static final int NAME = 0x01;
  private static final int SERIAL = 0x02;
  private static final int DEVIDS = 0x03;
  private static final int PROPS = 0x10;
  private static final int EV_BITS = 0x11;
  private static final int ABS_INFO = 0x12;

  /** The expected union contents, by (select << 8 | subsel); every other pair must be size 0. */
  private static final class Expected {
    final Map<Integer, byte[]> unions = new HashMap<>();

    Expected with(int select, int subsel, String hex) {
      unions.put(select << 8 | subsel, HexFormat.of().parseHex(hex.replace(" ", "")));
      return this;
    }

    Expected withText(int select, String text) {
      unions.put(select << 8, text.getBytes(StandardCharsets.US_ASCII));
      return this;
    }
  }

  private static String zeros(int n) {
    return "00".repeat(n);
  }

  static Stream<Arguments> devices() {
    return Stream.of(
        arguments(
            "keyboard",
            TestDevices.keyboard(),
            new Expected()
                .withText(NAME, "AT Translated Set 2 keyboard")
                .with(DEVIDS, 0, "1100 0100 0100 41ab")
                .with(EV_BITS, EV_KEY, "fe" + "ff".repeat(10) + "01")
                .with(EV_BITS, EV_MSC, "10")
                .with(EV_BITS, EV_LED, "07")
                .with(EV_BITS, EV_SND, "06")
                .with(EV_BITS, EV_REP, "00")),
        arguments(
            "mouse",
            TestDevices.mouse(),
            new Expected()
                .withText(NAME, "Logitech USB Optical Mouse")
                .with(DEVIDS, 0, "0300 6d04 77c0 1101")
                .with(EV_BITS, EV_KEY, zeros(34) + "07")
                .with(EV_BITS, EV_REL, "0309")
                .with(EV_BITS, EV_MSC, "10")),
        arguments(
            "tablet",
            TestDevices.tablet(),
            new Expected()
                .withText(NAME, "QEMU QEMU USB Tablet")
                .withText(SERIAL, "28754-0000:00:04.0-1")
                .with(DEVIDS, 0, "0300 2706 0100 0100")
                .with(PROPS, 0, "01")
                .with(EV_BITS, EV_KEY, zeros(34) + "07")
                .with(EV_BITS, EV_REL, "0001")
                .with(EV_BITS, EV_ABS, "03")
                .with(EV_BITS, EV_MSC, "10")
                .with(EV_BITS, EV_SW, "02")
                .with(EV_BITS, EV_REP, "03")
                .with(ABS_INFO, 0, "00000000 ff7f0000 00000000 00000000 00000000")
                .with(ABS_INFO, 1, "00000000 ff7f0000 00000000 00000000 00000000")),
        arguments(
            "multitouch",
            TestDevices.multitouch(),
            new Expected()
                .withText(NAME, "Wacom HID 5256 Finger")
                .withText(SERIAL, "WACOM-5256")
                .with(DEVIDS, 0, "1800 1f2d 5652 0001")
                .with(PROPS, 0, "02")
                .with(EV_BITS, EV_KEY, zeros(41) + "04")
                .with(EV_BITS, EV_ABS, "03 00000000 80 60 02")
                .with(ABS_INFO, 0, "00000000 00640000 00000000 00000000 64000000")
                .with(ABS_INFO, 1, "00000000 803e0000 00000000 00000000 64000000")
                .with(ABS_INFO, ABS_MT_SLOT, "00000000 09000000 00000000 00000000 00000000")
                .with(ABS_INFO, ABS_MT_POSITION_X, "00000000 00640000 00000000 00000000 64000000")
                .with(ABS_INFO, ABS_MT_POSITION_Y, "80c1ffff 803e0000 04000000 08000000 64000000")
                .with(
                    ABS_INFO, ABS_MT_TRACKING_ID, "00000000 ffff0000 00000000 00000000 00000000")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("devices")
  void answersEverySelectAndSubsel(String name, DeviceFacts facts, Expected expected) {
    InputConfig config = InputConfig.from(facts);
    int answered = 0;
    for (int select = 0; select < 256; select++) {
      for (int subsel = 0; subsel < 256; subsel++) {
        byte[] image = config.answer(select, subsel);
        String where = name + " select 0x" + Integer.toHexString(select) + " subsel " + subsel;
        assertEquals(InputConfig.SIZE, image.length, where);
        assertEquals((byte) select, image[0], where);
        assertEquals((byte) subsel, image[1], where);
        assertArrayEquals(new byte[5], Arrays.copyOfRange(image, 3, 8), where + ": reserved");
        byte[] union = expected.unions.getOrDefault(select << 8 | subsel, new byte[0]);
        assertEquals(union.length, image[2] & 0xff, where + ": size");
        byte[] padded = Arrays.copyOf(union, 128);
        assertEquals(
            HexFormat.of().formatHex(padded),
            HexFormat.of().formatHex(Arrays.copyOfRange(image, 8, 136)),
            where + ": union");
        if (union.length > 0) {
          answered++;
        }
      }
    }
    assertEquals(expected.unions.size(), answered, name + ": selections answered");
  }

  @Test
  void cutsNamesLongerThan128Bytes() {
    byte[] name = new byte[200];
    for (int i = 0; i < name.length; i++) {
      name[i] = (byte) ('a' + i % 26);
    }
    byte[] image = InputConfig.from(withName(name)).answer(NAME, 0);
    assertEquals(128, image[2] & 0xff);
    assertArrayEquals(Arrays.copyOf(name, 128), Arrays.copyOfRange(image, 8, 136));
  }

  @Test
  void keepsANameOfExactly128Bytes() {
    byte[] name = new byte[128];
    Arrays.fill(name, (byte) 'n');
    byte[] image = InputConfig.from(withName(name)).answer(NAME, 0);
    assertEquals(128, image[2] & 0xff);
    assertArrayEquals(name, Arrays.copyOfRange(image, 8, 136));
  }

  @Test
  void passesNonUtf8NameBytesThroughUnchanged() {
    byte[] name = {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe, 'k', 'b', (byte) 0x80};
    byte[] image = InputConfig.from(withName(name)).answer(NAME, 0);
    assertEquals(name.length, image[2]);
    assertArrayEquals(name, Arrays.copyOfRange(image, 8, 8 + name.length));
  }

  @Test
  void endsAStringAtItsFirstNul() {
    byte[] image = InputConfig.from(withName(new byte[] {'a', 'b', 0, 'c'})).answer(NAME, 0);
    assertEquals(2, image[2]);
  }

  @Test
  void answersSizeZeroForAnEmptyName() {
    assertEquals(0, InputConfig.from(withName(new byte[0])).answer(NAME, 0)[2]);
  }

  @Test
  void answersNameOnlyForSubselZero() {
    InputConfig config = InputConfig.from(TestDevices.keyboard());
    assertEquals(0, config.answer(NAME, 1)[2]);
    assertEquals(0, config.answer(DEVIDS, 1)[2]);
    assertEquals(0, config.answer(0x00, 0)[2]);
  }

  @Test
  void rejectsFactsItCannotRepresent() {
    DeviceFacts k = TestDevices.keyboard();
    assertThrows(
        IllegalArgumentException.class,
        () -> InputConfig.from(withEventBits(k, Map.of(256, new byte[] {1}))));
    assertThrows(
        IllegalArgumentException.class,
        () -> InputConfig.from(withEventBits(k, Map.of(EV_KEY, TestDevices.bits(130, 1031)))));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            InputConfig.from(
                new DeviceFacts(
                    k.name(), k.uniq(), 0x10000, 0, 0, 0, k.propBits(), Map.of(), Map.of())));
  }

  @Test
  void trimsALongBitmapWhoseTailIsZero() {
    DeviceFacts k = withEventBits(TestDevices.keyboard(), Map.of(EV_KEY, TestDevices.bits(200, 2)));
    assertEquals(1, InputConfig.from(k).answer(EV_BITS, EV_KEY)[2]);
  }

  @Test
  void answersSizeZeroForAnAxisWithoutRange() {
    DeviceFacts m = TestDevices.mouse();
    DeviceFacts noRange =
        new DeviceFacts(
            m.name(),
            m.uniq(),
            m.bustype(),
            m.vendor(),
            m.product(),
            m.version(),
            m.propBits(),
            Map.of(EV_ABS, TestDevices.bits(8, 0)),
            Map.of());
    InputConfig config = InputConfig.from(noRange);
    assertEquals(1, config.answer(EV_BITS, EV_ABS)[2]);
    assertEquals(0, config.answer(ABS_INFO, 0)[2]);
  }

  // ---- the per-connection selection ----

  @Test
  void selectsWithTwoOneByteWritesLikeLinux() {
    ConfigSpace space = InputConfig.from(TestDevices.mouse()).newSpace();
    space.write(0, new byte[] {EV_BITS});
    space.write(1, new byte[] {EV_REL});
    assertEquals(EV_BITS, space.select());
    assertEquals(EV_REL, space.subsel());
    byte[] size = new byte[1];
    space.read(2, size);
    assertEquals(2, size[0]);
    byte[] bits = new byte[2];
    space.read(8, bits);
    assertArrayEquals(new byte[] {0x03, 0x09}, bits);
  }

  @Test
  void selectsWithOneWholeWriteLikeQemu() {
    InputConfig config = InputConfig.from(TestDevices.mouse());
    ConfigSpace space = config.newSpace();
    byte[] whole = config.answer(NAME, 0); // QEMU writes back what it read, with select changed
    whole[0] = EV_BITS;
    whole[1] = EV_REL;
    space.write(0, whole);
    byte[] all = new byte[InputConfig.SIZE];
    space.read(0, all);
    assertArrayEquals(config.answer(EV_BITS, EV_REL), all);
  }

  @Test
  void ignoresWritesToReadOnlyBytes() {
    InputConfig config = InputConfig.from(TestDevices.keyboard());
    ConfigSpace space = config.newSpace();
    space.write(0, new byte[] {NAME, 0});
    space.write(2, new byte[] {99, 1, 2, 3, 4, 5, 6, 7});
    space.write(8, new byte[128]);
    byte[] all = new byte[InputConfig.SIZE];
    space.read(0, all);
    assertArrayEquals(config.answer(NAME, 0), all);
  }

  @Test
  void takesSubselFromAWriteThatStartsAtOffsetOne() {
    ConfigSpace space = InputConfig.from(TestDevices.keyboard()).newSpace();
    space.write(0, new byte[] {EV_BITS});
    space.write(1, new byte[] {EV_LED, 42, 42, 42});
    assertEquals(EV_BITS, space.select());
    assertEquals(EV_LED, space.subsel());
  }

  @Test
  void showsTheSelectionOnAnUnsupportedImage() {
    InputConfig config = InputConfig.from(TestDevices.keyboard());
    ConfigSpace space = config.newSpace();
    space.write(0, new byte[] {EV_BITS, EV_LED});
    space.write(0, new byte[] {0x7f, 0x33});
    byte[] all = new byte[InputConfig.SIZE];
    space.read(0, all);
    assertArrayEquals(config.answer(0x7f, 0x33), all);
    assertEquals(0, all[2]);
    space.write(0, new byte[] {EV_BITS, EV_LED});
    space.read(0, all);
    assertArrayEquals(config.answer(EV_BITS, EV_LED), all);
  }

  @Test
  void resetsToNothingSelected() {
    InputConfig config = InputConfig.from(TestDevices.keyboard());
    ConfigSpace space = config.newSpace();
    space.write(0, new byte[] {NAME, 0});
    space.reset();
    byte[] all = new byte[InputConfig.SIZE];
    space.read(0, all);
    assertArrayEquals(new byte[InputConfig.SIZE], all);
  }

  @Test
  void boundsChecksReadsAndWrites() {
    ConfigSpace space = InputConfig.from(TestDevices.keyboard()).newSpace();
    assertThrows(IndexOutOfBoundsException.class, () -> space.read(130, new byte[7]));
    assertThrows(IndexOutOfBoundsException.class, () -> space.write(136, new byte[1]));
    assertThrows(IndexOutOfBoundsException.class, () -> space.read(-1, new byte[1]));
    space.read(136, new byte[0]);
  }

  @Test
  void answerIsACopy() {
    InputConfig config = InputConfig.from(TestDevices.keyboard());
    config.answer(NAME, 0)[8] = 'X';
    assertEquals('A', config.answer(NAME, 0)[8]);
  }

  private static DeviceFacts withName(byte[] name) {
    DeviceFacts k = TestDevices.keyboard();
    return new DeviceFacts(
        name,
        k.uniq(),
        k.bustype(),
        k.vendor(),
        k.product(),
        k.version(),
        k.propBits(),
        k.eventBits(),
        k.absInfo());
  }

  private static DeviceFacts withEventBits(DeviceFacts k, Map<Integer, byte[]> eventBits) {
    return new DeviceFacts(
        k.name(),
        k.uniq(),
        k.bustype(),
        k.vendor(),
        k.product(),
        k.version(),
        k.propBits(),
        eventBits,
        k.absInfo());
  }
}
