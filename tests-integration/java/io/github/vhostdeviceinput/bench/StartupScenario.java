// Scenario 6: time from spawning the backend to every socket accepting a connection.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Spawns the backend, then polls every 200 µs until each socket exists and a connect() to it
 * succeeds, and stops it again; runs alternate between 1 and 4 devices. The time starts just before
 * the process is spawned, so it includes exec, the launcher script and the JVM's start.
 */
final class StartupScenario {
  /** Milliseconds of each run for one device count. */
  record Result(String backend, int devices, List<Double> millis) {
    double median() {
      List<Double> sorted = millis.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
      return millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
      return millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }

  private final BenchEnv env;
  private final BenchOptions options;
  private final PrintStream progress;

  StartupScenario(BenchEnv env, BenchOptions options, PrintStream progress) {
    this.env = env;
    this.options = options;
    this.progress = progress;
  }

  List<Result> run(BackendTemplate backend) throws IOException, InterruptedException {
    List<Double> one = new ArrayList<>();
    List<Double> four = new ArrayList<>();
    try (FakeEvdev fake =
        FakeEvdev.builder()
            .devices(
                List.of(DeviceSpec.MOUSE, DeviceSpec.MOUSE, DeviceSpec.MOUSE, DeviceSpec.MOUSE))
            .directory(env.workDir())
            .start()) {
      for (int run = 0; run < options.startupRuns(); run++) {
        one.add(once(fake, backend, 1));
        four.add(once(fake, backend, 4));
      }
    }
    List<Result> results =
        List.of(new Result(backend.name(), 1, one), new Result(backend.name(), 4, four));
    for (Result r : results) {
      progress.printf(
          "startup %s, %d device%s: median %.0f ms (%.0f..%.0f)%n",
          backend.name(), r.devices(), r.devices() == 1 ? "" : "s", r.median(), r.min(), r.max());
    }
    return results;
  }

  /** One start; returns milliseconds until all sockets accepted. */
  static double once(FakeEvdev fake, BackendTemplate backend, BenchEnv env, int n)
      throws IOException, InterruptedException {
    List<Path> devices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int device = i;
      fake.awaitStatus(device, s -> s.clientCount() == 0, Duration.ofSeconds(10));
      devices.add(fake.path(i));
    }
    try (BackendProcesses processes =
        BackendProcesses.spawn(backend, env.launcher(), env.shim(), env.workDir(), devices)) {
      long ready = processes.awaitSockets(Duration.ofSeconds(30), true);
      double ms = (ready - processes.spawnNanos()) / 1e6;
      processes.stop();
      return ms;
    }
  }

  private double once(FakeEvdev fake, BackendTemplate backend, int n)
      throws IOException, InterruptedException {
    return once(fake, backend, env, n);
  }
}
