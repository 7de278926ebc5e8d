// Scenario 2: events per second flat out, batched, lossless fixture, front-end consuming.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Injects batches of {@link #BATCH_FRAMES} frames back to back into a fixture in lossless mode
 * (injection waits while the reader's queue is full), and counts what arrives. A warm-up batch
 * stream runs first and is drained before measuring. Runs the floor and each backend at ring 64,
 * which lets a front-end batch as Linux does, and ring 4, as QEMU 10 gives.
 */
final class ThroughputScenario {
  static final int BATCH_FRAMES = 1024;

  /** Events per reader queue in the fixture: deep enough that the injector rarely waits. */
  static final int FIXTURE_QUEUE = 8192;

  /**
   * @param events events that arrived while measuring
   * @param lost frames injected while measuring that never arrived
   * @param outOfOrder frames that did not follow the previous one
   * @param seconds from the first measured injection to the last arrival
   * @param cpu the receiver's CPU while measuring (the drain included)
   */
  record Result(
      String receiver,
      int ring,
      long events,
      long lost,
      long outOfOrder,
      double seconds,
      ProcStats.Cpu cpu,
      Map<String, Long> counters) {
    double eventsPerSecond() {
      return events / seconds;
    }

    /** CPU seconds per million events, from utime+stime. */
    double cpuSecondsPerMillion() {
      return cpu.seconds() / events * 1e6;
    }

    double schedCpuSecondsPerMillion() {
      return cpu.schedSeconds() / events * 1e6;
    }

    String label() {
      return ring == 0 ? "floor" : receiver + " ring " + ring;
    }
  }

  private final BenchEnv env;
  private final BenchOptions options;
  private final List<BackendTemplate> backends;
  private final PrintStream progress;

  ThroughputScenario(
      BenchEnv env, BenchOptions options, List<BackendTemplate> backends, PrintStream progress) {
    this.env = env;
    this.options = options;
    this.backends = backends;
    this.progress = progress;
  }

  List<Result> run() throws IOException, InterruptedException {
    List<Result> results = new ArrayList<>();
    try (FakeEvdev fake =
        FakeEvdev.builder()
            .device(DeviceSpec.MOUSE)
            .lossless(true)
            .bufferSize(FIXTURE_QUEUE)
            .directory(env.workDir())
            .start()) {
      results.add(runOne(fake, FloorReceiver.FLOOR, 0));
      for (BackendTemplate b : backends) {
        for (int ring : List.of(64, 4)) {
          results.add(runOne(fake, b.name(), ring));
        }
      }
    }
    return results;
  }

  private Result runOne(FakeEvdev fake, String name, int ring)
      throws IOException, InterruptedException {
    fake.awaitStatus(0, s -> s.clientCount() == 0, Duration.ofSeconds(10));
    ArrivalLog log = new ArrivalLog(0);
    try (Receiver receiver = Receiver.open(env, backends, fake, name, ring, log)) {
      MouseFrames frames = new MouseFrames(BATCH_FRAMES);
      int seq = 1;
      // warm-up, drained, so measuring starts with an empty pipeline and a warm JIT
      long warmupEnd = System.nanoTime() + (long) (options.warmupSeconds() * 1e9);
      while (System.nanoTime() < warmupEnd) {
        fake.injectTimed(0, frames.batch(seq, BATCH_FRAMES));
        seq += BATCH_FRAMES;
      }
      awaitFrames(log, seq - 1);
      long framesBefore = log.frames();
      long eventsBefore = log.events();
      long outOfOrderBefore = log.outOfOrder();
      int firstMeasured = seq;
      ProcStats.Cpu cpuBefore = ProcStats.cpu(receiver.pids());
      long start = 0;
      long end = System.nanoTime() + (long) (options.throughputSeconds() * 1e9);
      do {
        long sent = fake.injectTimed(0, frames.batch(seq, BATCH_FRAMES));
        if (start == 0) {
          start = sent;
        }
        seq += BATCH_FRAMES;
      } while (System.nanoTime() < end);
      int lastSeq = seq - 1;
      awaitFrames(log, lastSeq);
      ProcStats.Cpu cpu = ProcStats.cpu(receiver.pids()).minus(cpuBefore);
      long arrivedAt = log.lastArrivalNanos();
      Map<String, Long> counters = receiver.finish(lastSeq, 0);
      long frameCount = log.frames() - framesBefore;
      Result r =
          new Result(
              name,
              ring,
              log.events() - eventsBefore,
              (lastSeq - firstMeasured + 1) - frameCount,
              log.outOfOrder() - outOfOrderBefore,
              (arrivedAt - start) / 1e9,
              cpu,
              counters);
      progress.printf(
          "throughput %-14s %,12.0f events/s  lost %d  cpu %.3f s per million events%n",
          r.label(), r.eventsPerSecond(), r.lost(), r.schedCpuSecondsPerMillion());
      return r;
    }
  }

  /** Waits until frame seq arrived, or nothing arrived for two seconds. */
  private static void awaitFrames(ArrivalLog log, int seq) {
    long seen = -1;
    while (log.highestSeq() < seq && log.frames() != seen) {
      seen = log.frames();
      log.awaitSeq(seq, 2_000_000_000L);
    }
  }
}
