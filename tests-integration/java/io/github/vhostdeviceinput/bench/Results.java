// Everything one benchmark run measured, for the JSON file, the table and the target check.
package io.github.vhostdeviceinput.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * @param backends every backend considered, measured or not (with the reason)
 */
record Results(
    Map<String, Object> machine,
    Map<String, Object> git,
    String started,
    String finished,
    BenchOptions options,
    List<Backend> backends,
    List<LatencyScenario.Case> latency,
    List<ThroughputScenario.Result> throughput,
    List<BurstScenario.Case> burst,
    List<IdleScenario.Result> idle,
    List<MemoryScenario.Result> memory,
    List<StartupScenario.Result> startup) {

  /** A backend under test, or one that could not be run here, and why. */
  record Backend(String name, String template, boolean measured, String reason) {}

  /** A backend's latency beside the floor, and beside floor+hop if measured, at the same rate. */
  record Ratio(LatencyScenario.Case backend, LatencyScenario.Case floor, LatencyScenario.Case hop) {
    /** p50 over floor+hop's p50: how much of the latency is the backend's own; NaN if none. */
    double p50OverHop() {
      return hop == null ? Double.NaN : backend.percentiles().p50() / hop.percentiles().p50();
    }

    double p99OverHop() {
      return hop == null ? Double.NaN : backend.percentiles().p99() / hop.percentiles().p99();
    }

    double p50() {
      return backend.percentiles().p50() / floor.percentiles().p50();
    }

    double p99() {
      return backend.percentiles().p99() / floor.percentiles().p99();
    }

    /** Round r of the backend over round r of the floor: the spread of the ratio. */
    List<Double> p50PerRound() {
      return perRound(true);
    }

    List<Double> p99PerRound() {
      return perRound(false);
    }

    private List<Double> perRound(boolean median) {
      int n = Math.min(backend.rounds().size(), floor.rounds().size());
      return java.util.stream.IntStream.range(0, n)
          .mapToObj(
              r -> {
                Percentiles b = backend.rounds().get(r).percentiles();
                Percentiles f = floor.rounds().get(r).percentiles();
                return median ? b.p50() / f.p50() : b.p99() / f.p99();
              })
          .toList();
    }
  }

  List<Ratio> ratios() {
    return latency.stream()
        .filter(c -> !c.isBaseline())
        .flatMap(
            c ->
                baseline(FloorReceiver.FLOOR, c.rate())
                    .map(
                        f ->
                            new Ratio(
                                c, f, baseline(FloorReceiver.FLOOR_HOP, c.rate()).orElse(null)))
                    .stream())
        .toList();
  }

  Optional<LatencyScenario.Case> baseline(String name, int rate) {
    return latency.stream()
        .filter(c -> c.isBaseline() && c.receiver().equals(name) && c.rate() == rate)
        .findFirst();
  }
}
