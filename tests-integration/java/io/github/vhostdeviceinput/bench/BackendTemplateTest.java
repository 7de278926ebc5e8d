// Backend templates: splitting, placeholders, one process or one per device, names.
package io.github.vhostdeviceinput.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendTemplateTest {
  private static final Path LAUNCHER = Path.of("/opt/vdi/bin/vhost-device-input");
  private static final Path BASE = Path.of("/tmp/b/in.sock");
  private static final List<Path> DEVICES =
      List.of(Path.of("/dev/input/event3"), Path.of("/dev/input/event7"));

  @Test
  void oursRunsOneProcessForAllDevices() {
    BackendTemplate t = BackendTemplate.ours();
    assertFalse(t.perDevice());
    assertEquals(
        List.of(
            List.of(
                "/opt/vdi/bin/vhost-device-input",
                "--socket-path",
                "/tmp/b/in.sock",
                "--event-list",
                "/dev/input/event3,/dev/input/event7")),
        t.commands(LAUNCHER, BASE, DEVICES));
  }

  @Test
  void qemuContribRunsOneProcessPerDeviceWithItsSocket() {
    BackendTemplate t = new BackendTemplate("qemu", BackendTemplate.QEMU_CONTRIB);
    assertTrue(t.perDevice());
    assertEquals(
        List.of(
            List.of(
                "vhost-user-input",
                "--socket-path=/tmp/b/in.sock0",
                "--evdev-path=/dev/input/event3"),
            List.of(
                "vhost-user-input",
                "--socket-path=/tmp/b/in.sock1",
                "--evdev-path=/dev/input/event7")),
        t.commands(LAUNCHER, BASE, DEVICES));
  }

  @Test
  void rustVmmTakesTheBaseAndTheList() {
    assertEquals(
        List.of(
            "vhost-device-input",
            "--socket-path",
            "/tmp/b/in.sock",
            "--event-list",
            "/dev/input/event3,/dev/input/event7"),
        new BackendTemplate("r", BackendTemplate.RUST_VMM)
            .commands(LAUNCHER, BASE, DEVICES)
            .get(0));
  }

  @Test
  void onlyOurBuiltInTemplateGetsAnUnlimitedBurstRateVariant() {
    BackendTemplate unlimited = BackendTemplate.ours().unlimited().orElseThrow();
    assertEquals("ours-unlimited", unlimited.name());
    assertEquals(
        List.of(
            "/opt/vdi/bin/vhost-device-input",
            "--socket-path",
            "/tmp/b/in.sock",
            "--event-list",
            "/dev/input/event3,/dev/input/event7",
            "--burst-rate",
            "unlimited"),
        unlimited.commands(LAUNCHER, BASE, DEVICES).get(0));
    assertEquals(
        "mine-unlimited",
        BackendTemplate.parse("mine=" + BackendTemplate.OURS).unlimited().orElseThrow().name());
    assertTrue(new BackendTemplate("q", BackendTemplate.QEMU_CONTRIB).unlimited().isEmpty());
    assertTrue(new BackendTemplate("r", BackendTemplate.RUST_VMM).unlimited().isEmpty());
    assertTrue(
        BackendTemplate.parse(BackendTemplate.OURS + " --burst-rate 500").unlimited().isEmpty());
  }

  @Test
  void quotesGroupWordsAndNamesArePrefixes() {
    BackendTemplate t =
        BackendTemplate.parse("mine='/opt/my dir/run' -x \"a b\" {socket_base} {devices}");
    assertEquals("mine", t.name());
    assertEquals(
        List.of(
            "/opt/my dir/run",
            "-x",
            "a b",
            "/tmp/b/in.sock",
            "/dev/input/event3,/dev/input/event7"),
        t.commands(LAUNCHER, BASE, DEVICES).get(0));
    assertEquals("custom", BackendTemplate.parse("x --socket-path={socket} {device}").name());
  }

  @Test
  void incompleteOrMixedTemplatesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BackendTemplate.parse("x {devices}"));
    assertThrows(IllegalArgumentException.class, () -> BackendTemplate.parse("x {socket_base}"));
    assertThrows(
        IllegalArgumentException.class, () -> BackendTemplate.parse("x {socket_base} {device}"));
    assertThrows(
        IllegalArgumentException.class, () -> BackendTemplate.parse("'x {socket} {device}"));
  }
}
