// evdev-dump on the host as a process that takes the guest agent's commands and prints its lines.
package io.github.vhostdeviceinput.calibration;

import io.github.vhostdeviceinput.guest.AgentReply;
import io.github.vhostdeviceinput.guest.AgentTranscript;
import io.github.vhostdeviceinput.guest.GuestImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The host twin of the guest agent: {@code evdev-dump} reading device files through libevdev, with
 * commands on its stdin and the agent's line format on its stdout. Closing always kills it.
 */
final class HostDump implements AutoCloseable {
  private static final int TAIL_LINES = 40;

  private final Process process;
  private final OutputStream commands;
  private final Thread reader;
  private final Thread shutdownHook;
  private final Object lock = new Object();
  private final List<String> lines = new ArrayList<>();
  private final AgentTranscript transcript = new AgentTranscript();
  private int nextTag = 1;

  private HostDump(Process process) {
    this.process = process;
    this.commands = process.getOutputStream();
    this.reader = new Thread(this::readLines, "evdev-dump-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    // A test JVM that dies without close() must not leave evdev-dump holding the fake's files.
    shutdownHook = new Thread(process::destroyForcibly, "evdev-dump-reaper-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts evdev-dump (from the build, {@code vdi.native.dir}) on the given device files and waits
   * for its READY line, so every device's facts are in.
   */
  static HostDump start(List<Path> devices, Duration timeout) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(GuestImage.fromBuild().evdevDump().toString());
    devices.forEach(d -> command.add(d.toString()));
    // stderr joins stdout: anything evdev-dump complains about shows up as a problem line.
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    HostDump dump = new HostDump(process);
    try {
      dump.await(() -> dump.transcript.ready().map(r -> true), timeout, "READY");
    } catch (RuntimeException e) {
      dump.close();
      throw e;
    }
    return dump;
  }

  private void readLines() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lock) {
          lines.add(line);
          transcript.accept(line);
          lock.notifyAll();
        }
      }
    } catch (IOException e) {
      // The stream ends when the process dies or close() kills it.
    } finally {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  /** Everything evdev-dump printed so far, parsed. */
  AgentTranscript transcript() {
    return transcript;
  }

  /** Every line evdev-dump printed so far. */
  List<String> lines() {
    synchronized (lock) {
      return List.copyOf(lines);
    }
  }

  /**
   * Runs one agent command and waits for its reply; the events it printed come before the reply.
   *
   * @throws AssertionError on ERR, timeout, or if evdev-dump died
   */
  AgentReply sendCommand(String command, Duration timeout) {
    String tag;
    synchronized (lock) {
      tag = "#" + nextTag++;
    }
    try {
      commands.write((tag + " " + command + "\n").getBytes(StandardCharsets.UTF_8));
      commands.flush();
    } catch (IOException e) {
      throw new AssertionError("cannot write to evdev-dump: " + e + "\n" + tail(), e);
    }
    AgentReply reply = await(() -> transcript.reply(tag), timeout, "the reply to " + command);
    if (!reply.ok()) {
      throw new AssertionError("evdev-dump: '" + command + "' failed: " + reply.line());
    }
    return reply;
  }

  private <T> T await(Supplier<Optional<T>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        Optional<T> result = condition.get();
        if (result.isPresent()) {
          return result.get();
        }
        if (!reader.isAlive()) {
          throw new AssertionError("evdev-dump ended while waiting for " + what + "\n" + tail());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("evdev-dump: no " + what + " within " + timeout + "\n" + tail());
        }
        try {
          lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + what, e);
        }
      }
    }
  }

  /** The last lines evdev-dump printed, for failure messages. */
  String tail() {
    synchronized (lock) {
      StringBuilder out = new StringBuilder("last lines of evdev-dump:\n");
      lines
          .subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
          .forEach(l -> out.append("  ").append(l).append('\n'));
      return out.toString();
    }
  }

  /** Kills evdev-dump and waits for it, so it never outlives the test or holds the mount. */
  @Override
  public void close() {
    try {
      commands.close();
    } catch (IOException e) {
      // It is killed next anyway.
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("evdev-dump (pid " + process.pid() + ") survived SIGKILL");
      }
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook runs anyway.
    }
  }
}
