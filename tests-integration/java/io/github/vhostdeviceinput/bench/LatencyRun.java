// One latency run: paced single-frame injections into a receiver, each frame timed end to end.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.FakeEvdev;
import java.io.IOException;
import java.util.Map;

/**
 * Injects frames 1..warmup+measured at a fixed rate, one frame per control request, and takes each
 * measured frame's latency from the injector's write ({@link FakeEvdev#injectTimed}) to its arrival
 * in the receiver's {@link ArrivalLog}. The receiver's CPU is read around the measured frames.
 */
final class LatencyRun {
  private LatencyRun() {}

  /**
   * @param latencies per measured frame that arrived, in ns (unsorted)
   * @param lost measured frames that never arrived
   * @param achievedRate frames per second actually injected while measuring
   * @param cpu the receiver's CPU while measuring
   * @param wallNanos how long measuring took
   * @param counters what the receiver reported when it stopped
   */
  record Result(
      long[] latencies,
      int lost,
      double achievedRate,
      ProcStats.Cpu cpu,
      long wallNanos,
      Map<String, Long> counters) {
    /** CPU use while measuring, in % of one core, from utime+stime. */
    double cpuPercent() {
      return 100.0 * cpu.seconds() / (wallNanos / 1e9);
    }

    /** The user-space part of {@link #cpuPercent}: the rest is the kernel's, syscalls included. */
    double userCpuPercent() {
      return 100.0 * cpu.userSeconds() / (wallNanos / 1e9);
    }

    /** The same from schedstat, which counts nanoseconds, not 10 ms ticks. */
    double schedCpuPercent() {
      return 100.0 * cpu.schedNanos() / wallNanos;
    }
  }

  static Result run(
      FakeEvdev fake,
      int device,
      Receiver receiver,
      ArrivalLog log,
      int rate,
      int warmup,
      int measured)
      throws IOException, InterruptedException {
    MouseFrames frames = new MouseFrames(1);
    int total = warmup + measured;
    long[] sent = new long[total + 1];
    Pacer pacer = new Pacer(rate);
    ProcStats.Cpu cpuBefore = null;
    long start = 0;
    pacer.start();
    for (int seq = 1; seq <= total; seq++) {
      if (seq == warmup + 1) {
        cpuBefore = ProcStats.cpu(receiver.pids());
        start = System.nanoTime();
      }
      pacer.awaitSlot(seq - 1);
      sent[seq] = fake.injectTimed(device, frames.batch(seq, 1));
    }
    long end = System.nanoTime();
    ProcStats.Cpu cpu = ProcStats.cpu(receiver.pids()).minus(cpuBefore);
    Map<String, Long> counters = receiver.finish(total, 2_000_000_000L);

    long[] latencies = new long[measured];
    int n = 0;
    int lost = 0;
    for (int seq = warmup + 1; seq <= total; seq++) {
      long arrival = log.arrival(seq);
      if (arrival == 0) {
        lost++;
      } else {
        latencies[n++] = arrival - sent[seq];
      }
    }
    double achieved = (measured - 1) * 1e9 / (sent[total] - sent[warmup + 1]);
    return new Result(
        java.util.Arrays.copyOf(latencies, n), lost, achieved, cpu, end - start, counters);
  }
}
