// The targets, checked against a run's results: reported, never asserted.
package io.github.vhostdeviceinput.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Each target of issue 6 as a line: what, the measured value, the limit, and whether it is met. */
final class Targets {
  /** 48 MB, read as 48,000,000 bytes, in KiB as VmRSS counts. */
  static final double RSS_LIMIT_KIB = 48e6 / 1024;

  record Target(String backend, String what, double value, double limit, String unit, boolean met) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "%-4s %-8s %-52s %12s %s (limit %s)",
          met ? "met" : "MISS",
          backend,
          what,
          format(value),
          unit,
          format(limit));
    }

    private static String format(double v) {
      return Math.abs(v) >= 1000
          ? String.format(Locale.ROOT, "%,.0f", v)
          : String.format(Locale.ROOT, "%.2f", v);
    }
  }

  private Targets() {}

  static List<Target> evaluate(Results r) {
    List<Target> out = new ArrayList<>();
    for (Results.Ratio ratio : r.ratios()) {
      LatencyScenario.Case c = ratio.backend();
      String at = String.format(Locale.ROOT, "%d fps ring %d", c.rate(), c.ring());
      out.add(below(c.receiver(), "latency p50 / floor p50, " + at, ratio.p50(), 1.2, "x"));
      out.add(below(c.receiver(), "latency p99 / floor p99, " + at, ratio.p99(), 1.5, "x"));
    }
    for (ThroughputScenario.Result t : r.throughput()) {
      if (t.ring() == 64 && !t.paced()) {
        out.add(
            new Target(
                t.receiver(),
                "throughput, ring 64, with 0 lost (lost " + t.lost() + ")",
                t.eventsPerSecond(),
                1_000_000,
                "events/s",
                t.eventsPerSecond() >= 1_000_000 && t.lost() == 0));
      }
    }
    for (LatencyScenario.Case c : r.latency()) {
      if (!c.isBaseline() && c.rate() == 8000) {
        double cpu =
            c.rounds().stream()
                .mapToDouble(x -> x.result().schedCpuPercent())
                .sorted()
                .toArray()[(c.rounds().size() - 1) / 2];
        out.add(below(c.receiver(), "CPU at 8,000 fps, ring " + c.ring(), cpu, 1.0, "% of a core"));
      }
    }
    for (IdleScenario.Result i : r.idle()) {
      out.add(
          below(
              i.backend(),
              "idle wake-ups of our own threads, " + (int) Math.round(i.seconds()) + " s",
              i.ourSwitches(),
              0,
              "switches"));
    }
    for (MemoryScenario.Result m : r.memory()) {
      if (m.devices() == 4) {
        out.add(
            below(
                m.backend(),
                "VmRSS with 4 devices",
                m.memory().rssKb() / 1024.0,
                RSS_LIMIT_KIB / 1024,
                "MiB"));
      }
    }
    for (StartupScenario.Result s : r.startup()) {
      out.add(
          below(
              s.backend(),
              "start to listening, median, " + s.devices() + " device(s)",
              s.median(),
              400,
              "ms"));
    }
    return out;
  }

  private static Target below(
      String backend, String what, double value, double limit, String unit) {
    return new Target(backend, what, value, limit, unit, value <= limit);
  }
}
