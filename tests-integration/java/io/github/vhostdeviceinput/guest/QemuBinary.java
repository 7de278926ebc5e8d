// Finds qemu-system-x86_64 (property vdi.qemu, else PATH) and insists on a version that works.
package io.github.vhostdeviceinput.guest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QEMU binary and its version.
 *
 * @param path the executable
 * @param major the major version
 * @param minor the minor version
 * @param versionLine the first line of {@code --version}
 */
public record QemuBinary(Path path, int major, int minor, String versionLine) {
  /** QEMU 7.2 refuses vhost-user-input without KVM ("requires kvm"); 8.0 dropped that check. */
  public static final int MIN_MAJOR = 8;

  static final String PROPERTY = "vdi.qemu";
  private static final String NAME = "qemu-system-x86_64";
  private static final Pattern VERSION = Pattern.compile("version (\\d+)\\.(\\d+)");

  /**
   * The QEMU named by the system property {@code vdi.qemu}, or {@code qemu-system-x86_64} on PATH.
   *
   * @throws GuestException if it is missing, does not run, or is older than 8.0
   */
  public static QemuBinary find() {
    String property = System.getProperty(PROPERTY);
    Path path;
    if (property != null && !property.isBlank()) {
      path = Path.of(property);
      if (!Files.isExecutable(path)) {
        throw new GuestException("-D" + PROPERTY + "=" + property + " is not an executable QEMU");
      }
    } else {
      path = onPath();
    }
    return probe(path);
  }

  private static Path onPath() {
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, NAME);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new GuestException(
        NAME
            + " is not on PATH ("
            + pathVariable
            + "). Install QEMU 8.0 or newer (on Debian 12: sudo scripts/install-deps, which takes"
            + " qemu-system-x86 from bookworm-backports), or point -D"
            + PROPERTY
            + "= at one.");
  }

  private static QemuBinary probe(Path path) {
    String output;
    try {
      Process process =
          new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
      process.getOutputStream().close();
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new GuestException(path + " --version did not finish");
      }
    } catch (IOException e) {
      throw new GuestException("cannot run " + path + " --version", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GuestException("interrupted while running " + path + " --version", e);
    }
    String firstLine = output.lines().findFirst().orElse("");
    Matcher m = VERSION.matcher(firstLine);
    if (!m.find()) {
      throw new GuestException(path + " --version printed no version: " + firstLine);
    }
    QemuBinary qemu =
        new QemuBinary(path, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), firstLine);
    if (qemu.major() < MIN_MAJOR) {
      throw new GuestException(
          path
              + " is QEMU "
              + qemu.major()
              + "."
              + qemu.minor()
              + "; vhost-user-input under TCG needs 8.0 or newer (7.2 fails with 'requires kvm')."
              + " On Debian 12 run sudo scripts/install-deps, or point -D"
              + PROPERTY
              + "= at a newer QEMU.");
    }
    return qemu;
  }
}
