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
import java.util.Optional;

/**
 * Injects batches of {@link #BATCH_FRAMES} frames back to back into a fixture in lossless mode
 * (injection waits while the reader's queue is full), and counts what arrives. A warm-up batch
 * stream runs first and is drained before measuring. Runs the floor and each backend at ring 64,
 * which lets a front-end batch as Linux does, and ring 4, as QEMU 10 gives.
 *
 * <p>Frames written in one go are a burst, which our backend paces toward the guest (by default
 * {@link BackendTemplate#DEFAULT_BURST_RATE} events/s): flat out, that would measure the pacing,
 * not the data plane. So ours runs flat out with {@code --burst-rate unlimited}, and then once more
 * with its default pacing, on a bounded amount of frames ({@link #pacedFrames}), to report the rate
 * a guest really gets from a burst. Other backends run as their templates say.
 */
final class ThroughputScenario {
  static final int BATCH_FRAMES = 1024;

  /** The ring of the paced run: QEMU 10's; the pacing, not the ring, sets its rate. */
  static final int PACED_RING = 4;

  /** Frames of the paced run's warm-up: 24 events, within the burst budget of 32. */
  private static final int PACED_WARMUP_FRAMES = 8;

  /** After the warm-up, long enough for the burst budget to refill (32 ms at 1000 events/s). */
  private static final long PACED_REFILL_MS = 200;

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
      BurstRate burstRate,
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
      return burstRate.label(receiver, ring);
    }

    /** Whether this run measured the pacing rather than how fast the data plane can go. */
    boolean paced() {
      return burstRate == BurstRate.DEFAULT;
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
      results.add(runOne(fake, null, FloorReceiver.FLOOR, BurstRate.NOT_OURS, 0));
      for (BackendTemplate b : backends) {
        Optional<BackendTemplate> unlimited = b.unlimited();
        BurstRate flat = unlimited.isPresent() ? BurstRate.UNLIMITED : BurstRate.NOT_OURS;
        for (int ring : List.of(64, 4)) {
          results.add(runOne(fake, unlimited.orElse(b), b.name(), flat, ring));
        }
        if (unlimited.isPresent()) {
          results.add(runPaced(fake, b, PACED_RING));
        }
      }
    }
    return results;
  }

  /**
   * Frames of the paced run: as many as the default pacing takes the throughput run's seconds to
   * deliver; at least 64 (192 events, six times what goes at once), so the pacing dominates.
   */
  int pacedFrames() {
    double events = options.throughputSeconds() * BackendTemplate.DEFAULT_BURST_RATE;
    return (int) Math.max(64, Math.round(events / MouseFrames.EVENTS_PER_FRAME));
  }

  private Receiver open(FakeEvdev fake, BackendTemplate template, int ring, ArrivalLog log)
      throws IOException, InterruptedException {
    fake.awaitStatus(0, s -> s.clientCount() == 0, Duration.ofSeconds(10));
    return template == null
        ? Receiver.open(env, List.of(), fake, FloorReceiver.FLOOR, 0, log)
        : Receiver.open(env, List.of(template), fake, template.name(), ring, log);
  }

  /** template null: the floor. name: the backend's name in the results. */
  private Result runOne(
      FakeEvdev fake, BackendTemplate template, String name, BurstRate burstRate, int ring)
      throws IOException, InterruptedException {
    ArrivalLog log = new ArrivalLog(0);
    try (Receiver receiver = open(fake, template, ring, log)) {
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
              burstRate,
              ring,
              log.events() - eventsBefore,
              (lastSeq - firstMeasured + 1) - frameCount,
              log.outOfOrder() - outOfOrderBefore,
              (arrivedAt - start) / 1e9,
              cpu,
              counters);
      return report(r);
    }
  }

  /**
   * Ours with its default pacing: a warm-up within the burst budget, a pause for the budget to
   * refill, then {@link #pacedFrames} frames written at once (in batches of at most {@link
   * #BATCH_FRAMES}, back to back) and timed from the first write to the last arrival.
   */
  private Result runPaced(FakeEvdev fake, BackendTemplate ours, int ring)
      throws IOException, InterruptedException {
    ArrivalLog log = new ArrivalLog(0);
    try (Receiver receiver = open(fake, ours, ring, log)) {
      MouseFrames frames = new MouseFrames(BATCH_FRAMES);
      fake.injectTimed(0, frames.batch(1, PACED_WARMUP_FRAMES));
      awaitFrames(log, PACED_WARMUP_FRAMES);
      Thread.sleep(PACED_REFILL_MS);
      long framesBefore = log.frames();
      long eventsBefore = log.events();
      long outOfOrderBefore = log.outOfOrder();
      int firstMeasured = PACED_WARMUP_FRAMES + 1;
      int lastSeq = PACED_WARMUP_FRAMES + pacedFrames();
      ProcStats.Cpu cpuBefore = ProcStats.cpu(receiver.pids());
      long start = 0;
      for (int seq = firstMeasured; seq <= lastSeq; seq += BATCH_FRAMES) {
        long sent =
            fake.injectTimed(0, frames.batch(seq, Math.min(BATCH_FRAMES, lastSeq - seq + 1)));
        if (start == 0) {
          start = sent;
        }
      }
      awaitFrames(log, lastSeq);
      ProcStats.Cpu cpu = ProcStats.cpu(receiver.pids()).minus(cpuBefore);
      long arrivedAt = log.lastArrivalNanos();
      Map<String, Long> counters = receiver.finish(lastSeq, 0);
      return report(
          new Result(
              ours.name(),
              BurstRate.DEFAULT,
              ring,
              log.events() - eventsBefore,
              (lastSeq - firstMeasured + 1) - (log.frames() - framesBefore),
              log.outOfOrder() - outOfOrderBefore,
              (arrivedAt - start) / 1e9,
              cpu,
              counters));
    }
  }

  private Result report(Result r) {
    progress.printf(
        "throughput %-44s %,12.0f events/s  lost %d  cpu %.3f s per million events%n",
        r.label(), r.eventsPerSecond(), r.lost(), r.schedCpuSecondsPerMillion());
    return r;
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
