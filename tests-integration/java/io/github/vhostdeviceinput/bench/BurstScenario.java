// Scenario 3: key taps written in one go, timed until the front-end has every event of them.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A keyboard gets {@link #TAPS} key taps, a press frame and a release frame each, in one injection:
 * a burst, as a paste or a macro tool writes it. Each round times from just before that write until
 * the receiver has the last of its {@link #EVENTS} events, and the rounds are {@link #SPACING_MS}
 * apart, far more than our pacing needs to refill its budget, so every round starts fresh. Ours
 * runs with its default pacing and with {@code --burst-rate unlimited}, each with rings of every
 * size asked for; other backends run as their templates say; the floor reads the same burst
 * straight from the fixture.
 */
final class BurstScenario {
  static final int TAPS = 50;
  static final int FRAMES = 2 * TAPS;
  static final int EVENTS = FRAMES * KeyFrames.EVENTS_PER_FRAME;

  /** Events per reader queue: the whole burst fits, so the host side never drops. */
  static final int FIXTURE_QUEUE = 1024;

  /** Between rounds: 32 events of budget refill in 32 ms at 1000 events/s. */
  static final long SPACING_MS = 300;

  /** How long a round may take before what is missing counts as lost. */
  private static final long ROUND_TIMEOUT_NANOS = 10_000_000_000L;

  /**
   * One receiver over all rounds.
   *
   * @param burstRate how ours was told to pace; NOT_OURS for the floor and other backends
   * @param ring the front-end's ring size, 0 for the floor
   * @param allNanos per round: the write until the last event arrived; rounds that lost frames are
   *     left out
   * @param firstNanos per round: the write until the first frame arrived
   * @param lost frames that never arrived, over all rounds
   * @param outOfOrder frames that did not follow the one before, over all rounds
   * @param wrongEvents rounds whose frames did not carry exactly {@link #EVENTS} events
   * @param counters what the receiver reported when it stopped
   */
  record Case(
      String receiver,
      BurstRate burstRate,
      int ring,
      long[] allNanos,
      long[] firstNanos,
      long lost,
      long outOfOrder,
      int wrongEvents,
      Map<String, Long> counters) {
    /** Nearest-rank median of the rounds' times until all arrived, in ms. */
    double medianMs() {
      return percentileMs(allNanos, 50);
    }

    double maxMs() {
      return percentileMs(allNanos, 100);
    }

    double firstFrameMedianMs() {
      return percentileMs(firstNanos, 50);
    }

    String label() {
      return burstRate.label(receiver, ring);
    }

    private static double percentileMs(long[] nanos, double p) {
      if (nanos.length == 0) {
        return Double.NaN;
      }
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return Percentiles.at(sorted, p) / 1e3;
    }
  }

  private final BenchEnv env;
  private final BenchOptions options;
  private final List<BackendTemplate> backends;
  private final PrintStream progress;

  BurstScenario(
      BenchEnv env, BenchOptions options, List<BackendTemplate> backends, PrintStream progress) {
    this.env = env;
    this.options = options;
    this.backends = backends;
    this.progress = progress;
  }

  List<Case> run() throws IOException, InterruptedException {
    List<Case> cases = new ArrayList<>();
    try (FakeEvdev fake =
        FakeEvdev.builder()
            .device(DeviceSpec.KEYBOARD)
            .bufferSize(FIXTURE_QUEUE)
            .directory(env.workDir())
            .start()) {
      cases.add(runOne(fake, null, FloorReceiver.FLOOR, BurstRate.NOT_OURS, 0));
      for (BackendTemplate b : backends) {
        for (int ring : options.rings()) {
          var unlimited = b.unlimited();
          if (unlimited.isPresent()) {
            cases.add(runOne(fake, b, b.name(), BurstRate.DEFAULT, ring));
            cases.add(runOne(fake, unlimited.get(), b.name(), BurstRate.UNLIMITED, ring));
          } else {
            cases.add(runOne(fake, b, b.name(), BurstRate.NOT_OURS, ring));
          }
        }
      }
    }
    return List.copyOf(cases);
  }

  /** template null: the floor. name: the backend's name in the results. */
  private Case runOne(
      FakeEvdev fake, BackendTemplate template, String name, BurstRate burstRate, int ring)
      throws IOException, InterruptedException {
    fake.awaitStatus(0, s -> s.clientCount() == 0, Duration.ofSeconds(10));
    ArrivalLog log = ArrivalLog.repeating(FRAMES);
    ByteBuffer burst = KeyFrames.taps(TAPS);
    try (Receiver receiver =
        template == null
            ? Receiver.open(env, List.of(), fake, FloorReceiver.FLOOR, 0, log)
            : Receiver.open(env, List.of(template), fake, template.name(), ring, log)) {
      // a freshly started JVM finishes its start-up work first
      Thread.sleep((long) (options.warmupSeconds() * 1000));
      round(fake, log, burst); // unmeasured: the paths of this burst run once before any counts
      long outOfOrderBefore = log.outOfOrder();
      List<Long> all = new ArrayList<>();
      List<Long> first = new ArrayList<>();
      long lost = 0;
      int wrongEvents = 0;
      for (int i = 0; i < options.burstRounds(); i++) {
        Thread.sleep(SPACING_MS);
        Round r = round(fake, log, burst);
        lost += r.lost();
        wrongEvents += r.events() == EVENTS ? 0 : 1;
        if (r.lost() == 0) {
          all.add(r.allNanos());
        }
        if (r.firstNanos() > 0) {
          first.add(r.firstNanos());
        }
      }
      Thread.sleep(SPACING_MS); // anything arriving late or twice shows as out of order
      long outOfOrder = log.outOfOrder() - outOfOrderBefore;
      Map<String, Long> counters = receiver.finish(FRAMES, 0);
      Case c =
          new Case(
              name,
              burstRate,
              ring,
              all.stream().mapToLong(Long::longValue).toArray(),
              first.stream().mapToLong(Long::longValue).toArray(),
              lost,
              outOfOrder,
              wrongEvents,
              counters);
      progress.printf(
          "burst %-44s median %8.2f ms  max %8.2f ms  first frame %6.2f ms  lost %d"
              + "  out of order %d%n",
          c.label(), c.medianMs(), c.maxMs(), c.firstFrameMedianMs(), c.lost(), c.outOfOrder());
      return c;
    }
  }

  /**
   * One burst.
   *
   * @param allNanos the write until the last frame arrived, 0 if it did not
   * @param firstNanos the write until the first frame arrived, 0 if it did not
   * @param lost frames that did not arrive in time
   * @param events events that arrived
   */
  private record Round(long allNanos, long firstNanos, long lost, long events) {}

  /** Injects the burst and waits until all of it arrived, or for at most 10 s. */
  private static Round round(FakeEvdev fake, ArrivalLog log, ByteBuffer burst) throws IOException {
    long framesBefore = log.frames();
    long eventsBefore = log.events();
    long sent = fake.injectTimed(0, burst);
    log.awaitFrames(framesBefore + FRAMES, ROUND_TIMEOUT_NANOS);
    long arrived = log.frames() - framesBefore;
    long events = log.events() - eventsBefore;
    long last = log.arrival(FRAMES);
    long firstFrame = log.arrival(1);
    return new Round(
        last > sent ? last - sent : 0,
        firstFrame > sent ? firstFrame - sent : 0,
        Math.max(0, FRAMES - arrived),
        events);
  }
}
