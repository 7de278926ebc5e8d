// Runs the packaged launcher: help, version, errors through JNI and libevdev, a broken library.
package io.github.vhostdeviceinput.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String LIBRARY = "libvhostdeviceinput.so";

  @TempDir Path dir;

  @Test
  void help() throws Exception {
    var result = Launcher.run(TIMEOUT, "--help");
    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(result.stdout().startsWith("Usage: vhost-device-input --socket-path"));
    assertTrue(result.stdout().contains("--event-list <EVENT_LIST>"));
    assertEquals("", result.stderr());
  }

  @Test
  void version() throws Exception {
    var result = Launcher.run(TIMEOUT, "--version");
    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(
        result.stdout().matches("vhost-device-input \\d+\\.\\d+\\.\\d+\\n"), result.stdout());
  }

  @Test
  void notAnEvdevDeviceGoesThroughJniAndLibevdev() throws Exception {
    var result = Launcher.run(TIMEOUT, "-s", dir + "/in.sock", "-e", "/dev/null");
    assertEquals(1, result.exitCode());
    assertEquals("vhost-device-input: /dev/null: not an evdev input device\n", result.stderr());
  }

  @Test
  void usageErrorExitsTwo() throws Exception {
    var result = Launcher.run(TIMEOUT, "-e", "/dev/null");
    assertEquals(2, result.exitCode());
    assertEquals(
        "vhost-device-input: missing required option --socket-path (see --help)\n",
        result.stderr());
  }

  @Test
  void permissionDeniedExplainsTheInputGroup() throws Exception {
    Path device = Files.createFile(dir.resolve("event0"));
    Files.setPosixFilePermissions(device, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> asNobody =
        List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
    // A copy under the world-readable temp dir: the build tree may sit where nobody cannot read.
    Path dist = copyOfDist();
    var result =
        Launcher.run(
            dist, Map.of(), asNobody, TIMEOUT, "-s", dir + "/in.sock", "-e", device.toString());
    assertEquals(1, result.exitCode(), result.stderr());
    assertEquals(
        "vhost-device-input: "
            + device
            + ": Permission denied (run as root or add the user to the 'input' group)\n",
        result.stderr());
  }

  @Test
  void missingLibraryNamesWhereItLooked() throws Exception {
    Path dist = copyOfDist();
    Files.delete(dist.resolve("lib/" + LIBRARY));
    var result = Launcher.run(dist, Map.of(), List.of(), TIMEOUT, "-s", dir + "/s", "-e", "/x");
    assertEquals(1, result.exitCode());
    assertEquals(
        "vhost-device-input: "
            + LIBRARY
            + " not found in java.library.path ("
            + dist.resolve("lib")
            + ")\n",
        result.stderr());
  }

  @Test
  void unloadableLibraryNamesTheFileAndTheReason() throws Exception {
    Path dist = copyOfDist();
    Path library = dist.resolve("lib/" + LIBRARY);
    Files.writeString(library, "this is not an ELF file");
    var result = Launcher.run(dist, Map.of(), List.of(), TIMEOUT, "-s", dir + "/s", "-e", "/x");
    assertEquals(1, result.exitCode());
    assertEquals(
        "vhost-device-input: cannot load " + library + ": not an ELF shared library\n",
        result.stderr());
  }

  @Test
  void libraryWithUnresolvableSymbolsNamesTheFileAndTheReason() throws Exception {
    // A real ELF library that the dynamic linker rejects: its JNI_OnLoad needs a missing symbol.
    Path dist = copyOfDist();
    Path library = dist.resolve("lib/" + LIBRARY);
    Path source =
        Files.writeString(
            dir.resolve("broken.c"),
            "extern int vdi_no_such_symbol(void);\n"
                + "int JNI_OnLoad(void *vm, void *r) { (void)vm; (void)r;"
                + " return vdi_no_such_symbol(); }\n");
    Process cc =
        new ProcessBuilder(
                "gcc",
                "-shared",
                "-fPIC",
                "-Wl,-z,now",
                "-o",
                library.toString(),
                source.toString())
            .inheritIO()
            .start();
    assertEquals(0, cc.waitFor());
    var result = Launcher.run(dist, Map.of(), List.of(), TIMEOUT, "-s", dir + "/s", "-e", "/x");
    assertEquals(1, result.exitCode());
    assertEquals(
        "vhost-device-input: cannot load " + library + ": undefined symbol: vdi_no_such_symbol\n",
        result.stderr());
  }

  /** A private copy of the distribution that a test may break. */
  private Path copyOfDist() throws IOException {
    Path source = Launcher.distDir();
    Path copy = dir.resolve("dist");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return copy;
  }
}
