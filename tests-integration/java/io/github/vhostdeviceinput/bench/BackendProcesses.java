// The running processes of one backend under test: spawn, wait for sockets, stop, always kill.
package io.github.vhostdeviceinput.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One backend started from its template for some devices: one process, or one per device. The fake
 * evdev's grab shim is preloaded (it changes nothing on real device nodes). {@link #close} kills
 * every process and its descendants, whatever happened.
 */
final class BackendProcesses implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final BackendTemplate template;
  private final Path socketBase;
  private final int deviceCount;
  private final List<Process> processes;
  private final List<Path> logs;
  private final long spawnNanos;

  private BackendProcesses(
      BackendTemplate template,
      Path socketBase,
      int deviceCount,
      List<Process> processes,
      List<Path> logs,
      long spawnNanos) {
    this.template = template;
    this.socketBase = socketBase;
    this.deviceCount = deviceCount;
    this.processes = processes;
    this.logs = logs;
    this.spawnNanos = spawnNanos;
  }

  /** Spawns the backend for devices, with sockets dir/in.sock0, ...; does not wait. */
  static BackendProcesses spawn(
      BackendTemplate template, Path launcher, Path shim, Path dir, List<Path> devices)
      throws IOException {
    Path socketBase = dir.resolve("in.sock");
    List<List<String>> commands = template.commands(launcher, socketBase, devices);
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    long spawn = System.nanoTime();
    BackendProcesses backend =
        new BackendProcesses(template, socketBase, devices.size(), processes, logs, spawn);
    try {
      for (int i = 0; i < commands.size(); i++) {
        Path log = dir.resolve("backend-" + template.name() + "-" + i + ".log");
        ProcessBuilder pb =
            new ProcessBuilder(commands.get(i))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("LD_PRELOAD", shim.toString());
        logs.add(log);
        processes.add(pb.start());
      }
    } catch (IOException | RuntimeException e) {
      backend.close();
      throw new IOException("cannot start backend " + template.name() + ": " + e.getMessage(), e);
    }
    return backend;
  }

  /** Spawns and waits until every socket file exists; see {@link #awaitSockets}. */
  static BackendProcesses start(
      BackendTemplate template, Path launcher, Path shim, Path dir, List<Path> devices)
      throws IOException {
    BackendProcesses backend = spawn(template, launcher, shim, dir, devices);
    try {
      backend.awaitSockets(Duration.ofSeconds(20), false);
    } catch (IOException | RuntimeException e) {
      backend.close();
      throw e;
    }
    return backend;
  }

  /** System.nanoTime() just before the first process was spawned. */
  long spawnNanos() {
    return spawnNanos;
  }

  Path socket(int i) {
    return BackendTemplate.socket(socketBase, i);
  }

  List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  /**
   * Waits until every socket exists, and with {@code connect} until each accepts a connection
   * (which is then closed). Polls every 200 µs.
   *
   * @return System.nanoTime() when the last socket became ready
   * @throws IOException if a process exits first or the timeout passes
   */
  long awaitSockets(Duration timeout, boolean connect) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean[] ready = new boolean[deviceCount];
    int left = deviceCount;
    while (true) {
      for (int i = 0; i < deviceCount; i++) {
        if (!ready[i] && Files.exists(socket(i)) && (!connect || accepts(socket(i)))) {
          ready[i] = true;
          left--;
        }
      }
      long now = System.nanoTime();
      if (left == 0) {
        return now;
      }
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IOException(
              "backend " + template.name() + " exited with " + p.exitValue() + ":\n" + log());
        }
      }
      if (now > deadline) {
        throw new IOException(
            "backend " + template.name() + " not listening after " + timeout + ":\n" + log());
      }
      LockSupport.parkNanos(200_000);
    }
  }

  private static boolean accepts(Path socket) {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return c.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return false;
    }
  }

  /** Everything the processes printed, for failure messages. */
  String log() {
    StringBuilder b = new StringBuilder();
    for (Path log : logs) {
      try {
        b.append(Files.readString(log, StandardCharsets.UTF_8));
      } catch (IOException e) {
        b.append("(no log ").append(log).append(": ").append(e).append(")\n");
      }
    }
    return b.toString();
  }

  /**
   * The counters our backend logs at SIGTERM for a device ({@code frames_dropped}, ...), or an
   * empty map for a backend that logs none.
   */
  Map<String, Long> countersLogged(Path device) {
    Pattern line = Pattern.compile(Pattern.quote(device.toString()) + ": (pump_returns=.*)$");
    Map<String, Long> counters = new LinkedHashMap<>();
    for (String text : log().lines().toList()) {
      Matcher m = line.matcher(text);
      if (m.find()) {
        for (String pair : m.group(1).split(" ")) {
          String[] kv = pair.split("=");
          if (kv.length == 2 && kv[1].matches("\\d+")) {
            counters.put(kv[0], Long.parseLong(kv[1]));
          }
        }
      }
    }
    return counters;
  }

  /**
   * Sends SIGTERM to every process and waits for them.
   *
   * @return whether all exited within the timeout with status 0 (or 143, SIGTERM's default)
   */
  boolean stop() throws InterruptedException {
    processes.forEach(Process::destroy);
    boolean clean = true;
    for (Process p : processes) {
      if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        clean = false;
      } else if (p.exitValue() != 0 && p.exitValue() != 143) {
        clean = false;
      }
    }
    close();
    return clean;
  }

  /** Kills whatever is still running, descendants included. Idempotent. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    for (Process p : processes) {
      try {
        p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
