// Checks the QEMU and kernel command lines the harness builds, and the QEMU version gate.
package io.github.vhostdeviceinput.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuGuestCommandLineTest {
  private static final GuestImage IMAGE =
      new GuestImage(Path.of("/b/guest/vmlinux"), Path.of("/b/guest/i.cpio.gz"), Path.of("/b/d"));
  private static final QemuBinary QEMU =
      new QemuBinary(Path.of("/q/qemu-system-x86_64"), 10, 0, "QEMU emulator version 10.0.2");

  @Test
  void vhostUserSocketsAndExtraArgsFollowTheBase() {
    List<String> cmd =
        QemuGuest.builder()
            .image(IMAGE)
            .qemu(QEMU)
            .vhostUserSocket(Path.of("/s/a.sock"))
            .vhostUserSocket(Path.of("/s/b.sock"))
            .qemuArgs("-device", "virtio-tablet-pci")
            .memoryMib(128)
            .commandLine(Path.of("/t/agent.sock"), Path.of("/t/qmp.sock"));
    assertEquals("/q/qemu-system-x86_64", cmd.get(0));
    assertTrue(
        Collections.indexOfSubList(
                cmd,
                List.of(
                    "-machine", "q35,memory-backend=mem",
                    "-object", "memory-backend-memfd,id=mem,size=128M,share=on",
                    "-m", "128M"))
            > 0,
        cmd::toString);
    assertTrue(
        Collections.indexOfSubList(
                cmd,
                List.of(
                    "-chardev", "socket,id=vhost0,path=/s/a.sock",
                    "-device", "vhost-user-input-pci,chardev=vhost0,id=vhost-input0",
                    "-chardev", "socket,id=vhost1,path=/s/b.sock",
                    "-device", "vhost-user-input-pci,chardev=vhost1,id=vhost-input1",
                    "-device", "virtio-tablet-pci"))
            > 0,
        cmd::toString);
    assertTrue(
        Collections.indexOfSubList(cmd, List.of("-chardev", "socket,id=agent,path=/t/agent.sock"))
            > 0);
    assertTrue(cmd.containsAll(List.of("-kernel", "/b/guest/vmlinux", "-no-reboot")));
  }

  @Test
  void kernelCommandLineCarriesExpectationsAndScript() {
    String append =
        QemuGuest.builder()
            .expectDevice("QEMU Virtio Keyboard")
            .expectDevice("odd \"name\"")
            .script("uinput create u name=\"a b\" KEY=KEY_A")
            .kernelArgs("loglevel=7")
            .kernelCommandLine();
    assertEquals(
        "console=ttyS0 panic=-1 quiet vdi.expect=\"QEMU Virtio Keyboard\""
            + " vdi.expect=\"odd \\x22name\\x22\""
            + " vdi.run=\"uinput create u name=a\\x20b KEY=KEY_A\" loglevel=7",
        append);
  }

  @Test
  void oldOrMissingQemuFailsLoudly(@TempDir Path dir) throws Exception {
    Path old = dir.resolve("qemu-old");
    Files.writeString(old, "#!/bin/sh\necho 'QEMU emulator version 7.2.22 (Debian)'\n");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
    String saved = System.getProperty(QemuBinary.PROPERTY);
    try {
      System.setProperty(QemuBinary.PROPERTY, old.toString());
      GuestException e = assertThrows(GuestException.class, QemuBinary::find);
      assertTrue(e.getMessage().contains("QEMU 7.2"), e.getMessage());
      System.setProperty(QemuBinary.PROPERTY, dir.resolve("absent").toString());
      assertThrows(GuestException.class, QemuBinary::find);
    } finally {
      if (saved == null) {
        System.clearProperty(QemuBinary.PROPERTY);
      } else {
        System.setProperty(QemuBinary.PROPERTY, saved);
      }
    }
  }

  @Test
  void missingImageSaysWhatToInstall(@TempDir Path dir) {
    GuestException e = assertThrows(GuestException.class, () -> GuestImage.in(dir));
    assertTrue(e.getMessage().contains("linux-image-amd64"), e.getMessage());
  }
}
