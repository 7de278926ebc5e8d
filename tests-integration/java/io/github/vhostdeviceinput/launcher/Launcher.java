// Runs the packaged launcher (bin/vhost-device-input) as a user would, for integration tests.
package io.github.vhostdeviceinput.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The unpacked distribution that {@code ./mvnw package} leaves under target/. */
public final class Launcher {
  private Launcher() {}

  /** The output of a finished run. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** The unpacked distribution's root (holding bin/ and lib/). */
  public static Path distDir() {
    String dir = System.getProperty("vdi.dist.dir");
    if (dir == null) {
      throw new IllegalStateException(
          "system property vdi.dist.dir is not set: run integration tests through ./mvnw verify");
    }
    Path path = Path.of(dir);
    if (!Files.isExecutable(path.resolve("bin/vhost-device-input"))) {
      throw new IllegalStateException(
          path + "/bin/vhost-device-input is missing: run ./mvnw verify");
    }
    return path;
  }

  /** The launcher script of {@code dist}. */
  public static Path script(Path dist) {
    return dist.resolve("bin/vhost-device-input");
  }

  /** Runs the packaged launcher with {@code args} to completion. */
  public static Result run(Duration timeout, String... args)
      throws IOException, InterruptedException {
    return run(distDir(), Map.of(), List.of(), timeout, args);
  }

  /**
   * Runs {@code dist}'s launcher to completion, killing it after {@code timeout}.
   *
   * @param env variables added to the inherited environment
   * @param prefix a command prefix, e.g. setpriv to run as another user
   */
  public static Result run(
      Path dist, Map<String, String> env, List<String> prefix, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("launcher", ".out");
    Path stderr = Files.createTempFile("launcher", ".err");
    try {
      Process process =
          builder(dist, env, prefix, args)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "launcher did not exit within " + timeout + "; stderr: " + Files.readString(stderr));
      }
      return new Result(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  /** A process builder for {@code dist}'s launcher, for tests that keep the backend running. */
  public static ProcessBuilder builder(
      Path dist, Map<String, String> env, List<String> prefix, String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.add(script(dist).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    return builder;
  }
}
