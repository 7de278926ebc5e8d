// Scenario 1: latency at fixed frame rates and ring sizes, each backend interleaved with the floor.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each rate, {@code rounds} rounds of: the floor, the floor with one process hop, then every
 * backend at every ring size; odd rounds run in reverse order, so slow drift of the machine weighs
 * on all alike. One fixture with a mouse serves every run, one reader at a time.
 */
final class LatencyScenario {
  /** One receiver at one rate and ring size (ring 0: the floor), over all rounds. */
  record Case(String receiver, int ring, int rate, List<Round> rounds) {
    /** The floor itself, which ratios divide by. */
    boolean isFloor() {
      return receiver.equals(FloorReceiver.FLOOR);
    }

    /** The floor or floor+hop: no backend, no ring. */
    boolean isBaseline() {
      return ring == 0;
    }

    /** Every round's latencies together, sorted, in ns. */
    long[] pooled() {
      int n = rounds.stream().mapToInt(r -> r.result().latencies().length).sum();
      long[] all = new long[n];
      int at = 0;
      for (Round r : rounds) {
        long[] l = r.result().latencies();
        System.arraycopy(l, 0, all, at, l.length);
        at += l.length;
      }
      java.util.Arrays.sort(all);
      return all;
    }

    Percentiles percentiles() {
      return Percentiles.of(pooled());
    }

    String label() {
      return isBaseline() ? receiver : receiver + " ring " + ring;
    }
  }

  /** One run of a case. */
  record Round(int round, LatencyRun.Result result, Percentiles percentiles) {}

  /** Events per reader queue: 170 ms of frames at 8,000 frames/s. */
  static final int FIXTURE_QUEUE = 4096;

  private static final long SETTLE_MS = 500;

  private final BenchEnv env;
  private final BenchOptions options;
  private final List<BackendTemplate> backends;
  private final PrintStream progress;

  LatencyScenario(
      BenchEnv env, BenchOptions options, List<BackendTemplate> backends, PrintStream progress) {
    this.env = env;
    this.options = options;
    this.backends = backends;
    this.progress = progress;
  }

  List<Case> run() throws IOException, InterruptedException {
    Map<String, Case> cases = new LinkedHashMap<>();
    // A deep queue: a reader stalled by the shared machine shows as latency, not as lost frames.
    try (FakeEvdev fake =
        FakeEvdev.builder()
            .device(DeviceSpec.MOUSE)
            .bufferSize(FIXTURE_QUEUE)
            .directory(env.workDir())
            .start()) {
      // an unmeasured floor run first: the injector's code is compiled before anything counts
      runOne(fake, FloorReceiver.FLOOR, 0, options.rates().get(0), -1);
      for (int rate : options.rates()) {
        List<String[]> order = new ArrayList<>();
        order.add(new String[] {FloorReceiver.FLOOR, "0"});
        order.add(new String[] {FloorReceiver.FLOOR_HOP, "0"});
        for (BackendTemplate b : backends) {
          for (int ring : options.rings()) {
            order.add(new String[] {b.name(), Integer.toString(ring)});
          }
        }
        for (int round = 0; round < options.rounds(); round++) {
          List<String[]> thisRound = new ArrayList<>(order);
          if (round % 2 == 1) {
            Collections.reverse(thisRound);
          }
          for (String[] what : thisRound) {
            int ring = Integer.parseInt(what[1]);
            Round r = runOne(fake, what[0], ring, rate, round);
            cases
                .computeIfAbsent(
                    what[0] + "/" + ring + "/" + rate,
                    k -> new Case(what[0], ring, rate, new ArrayList<>()))
                .rounds()
                .add(r);
            progress.printf(
                "latency %5d fps %-14s round %d: p50 %7.1f µs  p99 %8.1f µs  lost %d  %.0f fps"
                    + "  cpu %.2f %%%n",
                rate,
                ring == 0 ? what[0] : what[0] + " ring " + ring,
                round + 1,
                r.percentiles().p50(),
                r.percentiles().p99(),
                r.result().lost(),
                r.result().achievedRate(),
                r.result().schedCpuPercent());
          }
        }
      }
    }
    return List.copyOf(cases.values());
  }

  private Round runOne(FakeEvdev fake, String name, int ring, int rate, int round)
      throws IOException, InterruptedException {
    int warmup = (int) Math.max(50, rate * options.warmupSeconds());
    int measured = (int) (rate * options.seconds());
    ArrivalLog log = new ArrivalLog(warmup + measured + 1);
    // nothing else may read the device: the previous reader's close reaches the fixture late
    fake.awaitStatus(0, s -> s.clientCount() == 0, Duration.ofSeconds(10));
    try (Receiver receiver = Receiver.open(env, backends, fake, name, ring, log)) {
      Thread.sleep(SETTLE_MS); // a freshly started JVM finishes its start-up work first
      LatencyRun.Result result = LatencyRun.run(fake, 0, receiver, log, rate, warmup, measured);
      return new Round(round, result, Percentiles.of(result.latencies().clone()));
    }
  }
}
