// Locates the guest kernel, initramfs and agent binaries that the CMake build put in target/cmake.
package io.github.vhostdeviceinput.guest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files the build makes for the QEMU guest.
 *
 * @param vmlinux the uncompressed PVH kernel
 * @param initramfs busybox, modules, init and the static agent
 * @param evdevDump the agent built for the host, to print a host device the same way
 */
public record GuestImage(Path vmlinux, Path initramfs, Path evdevDump) {
  static final String NATIVE_DIR_PROPERTY = "vdi.native.dir";

  /**
   * The image under the system property {@code vdi.native.dir} (Maven sets it to target/cmake).
   *
   * @throws GuestException if the property is unset or a file is missing
   */
  public static GuestImage fromBuild() {
    String nativeDir = System.getProperty(NATIVE_DIR_PROPERTY);
    if (nativeDir == null || nativeDir.isBlank()) {
      throw new GuestException(
          "system property " + NATIVE_DIR_PROPERTY + " is not set; run the tests through ./mvnw");
    }
    return in(Path.of(nativeDir));
  }

  /**
   * The image in a CMake build directory.
   *
   * @throws GuestException if a file is missing
   */
  public static GuestImage in(Path buildDir) {
    GuestImage image =
        new GuestImage(
            buildDir.resolve("guest/vmlinux"),
            buildDir.resolve("guest/initramfs.cpio.gz"),
            buildDir.resolve("bin/evdev-dump"));
    for (Path file : new Path[] {image.vmlinux, image.initramfs, image.evdevDump}) {
      if (!Files.isRegularFile(file)) {
        throw new GuestException(
            file
                + " is missing. The build makes it (./mvnw process-classes); it needs the"
                + " Debian packages linux-image-amd64, busybox-static and libevdev-dev"
                + " (sudo scripts/install-deps).");
      }
    }
    return image;
  }

  /** Where test logs go: target/guest-logs next to the CMake build directory. */
  Path logDir() {
    Path buildDir = vmlinux.getParent().getParent();
    Path target = buildDir.getParent() != null ? buildDir.getParent() : buildDir;
    return target.resolve("guest-logs");
  }
}
