// Scenario 4: CPU and context switches of a connected backend that gets no input, per thread.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A backend serves one mouse to a front-end with rings of 4 (QEMU 10); a few frames flow so every
 * path has run, then it is watched with no input. Context switches are counted per thread (from
 * /proc/PID/task/TID/status), so a wake-up can be traced to its thread; threads our code starts are
 * told apart from the JVM's by name.
 */
final class IdleScenario {
  /**
   * Threads our code runs on: the device poll threads, the signal waiter, and main, whose native
   * name stays "java" (HotSpot does not rename it), as does the launcher's primordial thread,
   * counted here too rather than left out.
   */
  static final Pattern OUR_THREADS = Pattern.compile("input-\\d+|signals|main|java");

  private static final long SETTLE_MS = 1000;

  /** One thread's context switches while idle. */
  record ThreadIdle(String name, long tid, long voluntary, long involuntary, boolean ours) {
    long switches() {
      return voluntary + involuntary;
    }
  }

  record Result(String backend, double seconds, ProcStats.Cpu cpu, List<ThreadIdle> threads) {
    long switches() {
      return threads.stream().mapToLong(ThreadIdle::switches).sum();
    }

    double switchesPerSecond() {
      return switches() / seconds;
    }

    /** Wake-ups of threads our code started: the target is none. */
    long ourSwitches() {
      return threads.stream().filter(ThreadIdle::ours).mapToLong(ThreadIdle::switches).sum();
    }

    double cpuPercent() {
      return 100 * cpu.seconds() / seconds;
    }

    double schedCpuPercent() {
      return 100 * cpu.schedSeconds() / seconds;
    }
  }

  private final BenchEnv env;
  private final BenchOptions options;
  private final PrintStream progress;

  IdleScenario(BenchEnv env, BenchOptions options, PrintStream progress) {
    this.env = env;
    this.options = options;
    this.progress = progress;
  }

  Result run(BackendTemplate backend) throws IOException, InterruptedException {
    try (FakeEvdev fake =
        FakeEvdev.builder().device(DeviceSpec.MOUSE).directory(env.workDir()).start()) {
      ArrivalLog log = new ArrivalLog(0);
      try (FrontendReceiver receiver =
          new FrontendReceiver(env, backend, List.of(fake.path(0)), 4, log)) {
        fake.injectTimed(0, new MouseFrames(100).batch(1, 100));
        log.awaitSeq(100, 5_000_000_000L);
        Thread.sleep(SETTLE_MS);
        List<Long> pids = receiver.pids();
        List<ProcStats.ThreadSample> before = ProcStats.threads(pids);
        ProcStats.Cpu cpuBefore = ProcStats.cpu(pids);
        long start = System.nanoTime();
        Thread.sleep((long) (options.idleSeconds() * 1000));
        ProcStats.Cpu cpu = ProcStats.cpu(pids).minus(cpuBefore);
        List<ProcStats.ThreadSample> after = ProcStats.threads(pids);
        double seconds = (System.nanoTime() - start) / 1e9;
        receiver.finish(100, 0);
        Result r = new Result(backend.name(), seconds, cpu, diff(before, after));
        progress.printf(
            "idle %s: %.3f %% cpu, %.1f context switches/s, %d by our threads%n",
            backend.name(), r.schedCpuPercent(), r.switchesPerSecond(), r.ourSwitches());
        return r;
      }
    }
  }

  /** Per thread: switches after minus before; a thread born meanwhile counts from 0. */
  static List<ThreadIdle> diff(
      List<ProcStats.ThreadSample> before, List<ProcStats.ThreadSample> after) {
    Map<Long, ProcStats.ThreadSample> old = new HashMap<>();
    before.forEach(t -> old.put(t.tid(), t));
    List<ThreadIdle> out = new ArrayList<>();
    for (ProcStats.ThreadSample t : after) {
      ProcStats.ThreadSample b = old.get(t.tid());
      long v = t.voluntary() - (b == null ? 0 : b.voluntary());
      long i = t.involuntary() - (b == null ? 0 : b.involuntary());
      out.add(new ThreadIdle(t.name(), t.tid(), v, i, OUR_THREADS.matcher(t.name()).matches()));
    }
    return out;
  }
}
