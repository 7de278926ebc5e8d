// What libevdev on the host says about a device, read by evdev-dump, as the oracle for the config
// space.
package io.github.vhostdeviceinput.backend;

import io.github.vhostdeviceinput.guest.AgentTranscript;
import io.github.vhostdeviceinput.guest.DeviceFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code evdev-dump} (libevdev, independent of the backend) on a host device. */
public final class HostFacts {
  private HostFacts() {}

  public static DeviceFacts of(Path device) throws IOException, InterruptedException {
    String nativeDir = System.getProperty("vdi.native.dir");
    if (nativeDir == null) {
      throw new IllegalStateException("vdi.native.dir is not set: run through ./mvnw verify");
    }
    Path dump = Path.of(nativeDir, "bin/evdev-dump");
    Process process =
        new ProcessBuilder(dump.toString(), "--run", "quit", device.toString())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("evdev-dump did not finish");
    }
    List<String> lines = new String(output, StandardCharsets.UTF_8).lines().toList();
    String tag = device.getFileName().toString();
    return AgentTranscript.of(lines)
        .device(tag)
        .orElseThrow(() -> new AssertionError("evdev-dump printed no facts:\n" + lines));
  }
}
