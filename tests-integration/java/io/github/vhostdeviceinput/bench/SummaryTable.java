// The summary printed at the end of a run: latency beside the floor, then every other scenario.
package io.github.vhostdeviceinput.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Plain-text tables, also pasted into BENCHMARKS.md (as Markdown, with {@link #markdown}). */
final class SummaryTable {
  private SummaryTable() {}

  static void print(Results r, List<Targets.Target> targets, PrintStream out) {
    out.println();
    out.print(markdown(r, targets));
  }

  /** The tables as Markdown, which reads fine as plain text too. */
  static String markdown(Results r, List<Targets.Target> targets) {
    StringBuilder b = new StringBuilder();
    if (!r.latency().isEmpty()) {
      b.append("Latency, injector write to frame seen, µs (pooled rounds; ratio = backend / floor")
          .append(" at the same rate, with the per-round range; / hop = backend / floor+hop):\n\n")
          .append(
              "| fps | receiver | p50 | p90 | p99 | p99.9 | max | lost | achieved fps | CPU % | p50"
                  + " ratio | p99 ratio | p50 / hop | p99 / hop |\n")
          .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|\n");
      for (LatencyScenario.Case c : r.latency()) {
        Percentiles p = c.percentiles();
        Results.Ratio ratio =
            r.ratios().stream().filter(x -> x.backend() == c).findFirst().orElse(null);
        int lost = c.rounds().stream().mapToInt(x -> x.result().lost()).sum();
        double fps =
            c.rounds().stream().mapToDouble(x -> x.result().achievedRate()).average().orElse(0);
        double cpu =
            c.rounds().stream().mapToDouble(x -> x.result().schedCpuPercent()).average().orElse(0);
        b.append(
            f(
                "| %,d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %,.0f | %.2f | %s | %s | %s |"
                    + " %s |\n",
                c.rate(),
                c.label(),
                p.p50(),
                p.p90(),
                p.p99(),
                p.p999(),
                p.max(),
                lost,
                fps,
                cpu,
                ratio == null ? "" : ratio(ratio.p50(), ratio.p50PerRound()),
                ratio == null ? "" : ratio(ratio.p99(), ratio.p99PerRound()),
                ratio == null || Double.isNaN(ratio.p50OverHop())
                    ? ""
                    : f("%.2f", ratio.p50OverHop()),
                ratio == null || Double.isNaN(ratio.p99OverHop())
                    ? ""
                    : f("%.2f", ratio.p99OverHop())));
      }
      b.append('\n');
    }
    if (!r.throughput().isEmpty()) {
      b.append("Throughput, flat out, lossless fixture, batches of ")
          .append(ThroughputScenario.BATCH_FRAMES)
          .append(" frames (the paced run: one burst, written at once):\n\n")
          .append("| receiver | events/s | lost frames | CPU s per million events (user) |\n")
          .append("|---|---:|---:|---:|\n");
      for (ThroughputScenario.Result t : r.throughput()) {
        b.append(
            f(
                "| %s | %,.0f | %d | %.3f (%.3f) |\n",
                t.label(),
                t.eventsPerSecond(),
                t.lost(),
                t.schedCpuSecondsPerMillion(),
                t.cpu().userSeconds() / t.events() * 1e6));
      }
      b.append('\n');
    }
    if (!r.burst().isEmpty()) {
      b.append(
              f(
                  "Burst, %d key taps (%d frames, %d events) in one write, write to the last"
                      + " event seen, %d rounds %d ms apart (ms):\n\n",
                  BurstScenario.TAPS,
                  BurstScenario.FRAMES,
                  BurstScenario.EVENTS,
                  r.options().burstRounds(),
                  BurstScenario.SPACING_MS))
          .append(
              "| receiver | median | max | first frame, median | lost frames | out of order |\n"
                  + "|---|---:|---:|---:|---:|---:|\n");
      for (BurstScenario.Case c : r.burst()) {
        b.append(
            f(
                "| %s | %.2f | %.2f | %.2f | %d | %d |\n",
                c.label(),
                c.medianMs(),
                c.maxMs(),
                c.firstFrameMedianMs(),
                c.lost(),
                c.outOfOrder()));
      }
      b.append('\n');
    }
    for (IdleScenario.Result i : r.idle()) {
      b.append(
              f(
                  "Idle, %s, %.0f s: CPU %.3f %% of a core, %.1f context switches/s, %d by our"
                      + " threads:\n\n",
                  i.backend(),
                  i.seconds(),
                  i.schedCpuPercent(),
                  i.switchesPerSecond(),
                  i.ourSwitches()))
          .append("| thread | ours | voluntary | involuntary |\n|---|---|---:|---:|\n");
      for (IdleScenario.ThreadIdle t : i.threads()) {
        if (t.switches() > 0 || t.ours()) {
          b.append(
              f(
                  "| %s | %s | %d | %d |\n",
                  t.name(), t.ours() ? "yes" : "", t.voluntary(), t.involuntary()));
        }
      }
      b.append("\n(threads not listed did not switch at all)\n\n");
    }
    if (!r.memory().isEmpty()) {
      b.append(
          "Memory, after input flowed (and how long the first front-end's QEMU 10 start-up"
              + " took):\n\n"
              + "| backend | devices | VmRSS MiB | VmHWM MiB | negotiation ms |\n"
              + "|---|---:|---:|---:|---:|\n");
      for (MemoryScenario.Result m : r.memory()) {
        b.append(
            f(
                "| %s | %d | %.1f | %.1f | %.0f |\n",
                m.backend(),
                m.devices(),
                m.memory().rssKb() / 1024.0,
                m.memory().hwmKb() / 1024.0,
                m.negotiateMillis()));
      }
      b.append('\n');
    }
    if (!r.startup().isEmpty()) {
      b.append(
          "Start-up, spawn to every socket accepting:\n\n"
              + "| backend | devices | median ms | min | max | runs |\n"
              + "|---|---:|---:|---:|---:|---:|\n");
      for (StartupScenario.Result s : r.startup()) {
        b.append(
            f(
                "| %s | %d | %.0f | %.0f | %.0f | %d |\n",
                s.backend(), s.devices(), s.median(), s.min(), s.max(), s.millis().size()));
      }
      b.append('\n');
    }
    for (Results.Backend x : r.backends()) {
      if (!x.measured()) {
        b.append("Not measured: ")
            .append(x.name())
            .append(" (`")
            .append(x.template())
            .append("`): ")
            .append(x.reason())
            .append('\n');
      }
    }
    if (!targets.isEmpty()) {
      b.append("\nTargets:\n\n```\n");
      targets.forEach(t -> b.append(t.describe()).append('\n'));
      b.append("```\n");
    }
    return b.toString();
  }

  private static String ratio(double pooled, List<Double> perRound) {
    if (perRound.size() < 2) {
      return f("%.2f", pooled);
    }
    double min = perRound.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = perRound.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return f("%.2f (%.2f–%.2f)", pooled, min, max);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
