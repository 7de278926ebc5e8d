// Runs the packaged backend as a separate process, as a user or a VMM would, for integration tests.
package io.github.vhostdeviceinput.backend;

import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.launcher.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged launcher running against some devices. The fake evdev's grab shim is preloaded, so
 * grabbing works on FUSE device files; it does nothing on real device nodes.
 */
public final class Backend implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path socketBase;
  private final int deviceCount;
  private final Path log;

  private Backend(Process process, Path socketBase, int deviceCount, Path log) {
    this.process = process;
    this.socketBase = socketBase;
    this.deviceCount = deviceCount;
    this.log = log;
  }

  /**
   * Starts the backend for {@code devices}, with sockets {@code dir/in.sock0...}, and waits until
   * every socket listens.
   */
  public static Backend start(Path dir, List<Path> devices, String... options)
      throws IOException, InterruptedException {
    Path socketBase = dir.resolve("in.sock");
    Path log = Files.createTempFile(dir, "backend", ".log");
    List<String> args = new ArrayList<>();
    args.add("--socket-path");
    args.add(socketBase.toString());
    args.add("--event-list");
    args.add(String.join(",", devices.stream().map(Path::toString).toList()));
    args.addAll(List.of(options));
    Process process =
        Launcher.builder(
                Launcher.distDir(),
                Map.of("LD_PRELOAD", FakeEvdev.shimPath().toString()),
                List.of(),
                args.toArray(String[]::new))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Backend backend = new Backend(process, socketBase, devices.size(), log);
    try {
      backend.awaitListening();
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      backend.close();
      throw e;
    }
    return backend;
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (countMatches("serving ") < deviceCount) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "backend exited with " + process.exitValue() + " before listening:\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("backend did not listen within " + START_TIMEOUT + ":\n" + log());
      }
      Thread.sleep(20);
    }
  }

  /** The socket of device {@code index}. */
  public Path socket(int index) {
    return Path.of(socketBase + Integer.toString(index));
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the backend wrote to stdout and stderr so far. */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** How many lines of the log contain {@code text}. */
  public long countMatches(String text) throws IOException {
    return log().lines().filter(line -> line.contains(text)).count();
  }

  /** Waits until at least {@code count} lines of the log contain {@code text}. */
  public void awaitLog(String text, int count, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (countMatches(text) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "backend did not log '"
                + text
                + "' "
                + count
                + " times within "
                + timeout
                + ":\n"
                + log());
      }
      Thread.sleep(10);
    }
  }

  /**
   * Waits until the guest drivers have started {@code count} event rings in all (counting
   * restarts), so input injected from now on is delivered rather than discarded as stale.
   */
  public void awaitEventRings(int count) throws IOException, InterruptedException {
    awaitLog("started the event ring", count, START_TIMEOUT);
  }

  /** The number of fds the backend process has open now. */
  public int openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
      return (int) fds.count();
    }
  }

  /** Sends SIGTERM and waits for the exit; returns the exit code. */
  public int stop(Duration timeout) throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("backend did not exit within " + timeout + " of SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  /**
   * The counters the backend logged for device {@code devicePath} when it stopped, by name ({@code
   * events_delivered}, {@code pump_returns}, ...).
   */
  public Map<String, Long> countersLogged(Path devicePath) throws IOException {
    Pattern line = Pattern.compile(Pattern.quote(devicePath.toString()) + ": (pump_returns=.*)$");
    for (String text : log().lines().toList()) {
      Matcher m = line.matcher(text);
      if (m.find()) {
        Map<String, Long> counters = new java.util.LinkedHashMap<>();
        for (String pair : m.group(1).split(" ")) {
          String[] kv = pair.split("=");
          counters.put(kv[0], Long.parseLong(kv[1]));
        }
        return counters;
      }
    }
    throw new AssertionError("no counters logged for " + devicePath + ":\n" + log());
  }

  /** Kills the backend if it is still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
