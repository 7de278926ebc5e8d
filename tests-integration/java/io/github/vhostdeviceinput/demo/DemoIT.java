// Runs scripts/demo, the README's "run it" command, so it keeps working.
package io.github.vhostdeviceinput.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DemoIT {
  @Test
  void theDemoTypesIntoTheGuestAndCleansUp() throws Exception {
    Path source = Path.of(System.getProperty("vdi.source.dir"));
    Process demo =
        new ProcessBuilder(source.resolve("scripts/demo").toString())
            .directory(source.toFile())
            .redirectErrorStream(true)
            .start();
    boolean finished = demo.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      demo.destroyForcibly().waitFor();
    }
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(finished, "the demo did not finish within 60 s:\n" + output);
    assertEquals(0, demo.exitValue(), output);
    assertTrue(output.contains("guest read: hello from the host\n"), output);
    assertTrue(
        output.contains(
            "guest saw: mouse moved (+30, -20), left button pressed, left button released"),
        output);
    assertTrue(output.contains("host keyboard got: EV_LED LED_CAPSL 1"), output);
    assertTrue(output.contains("backend stopped on SIGTERM (exit 0)"), output);
  }
}
