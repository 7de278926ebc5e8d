// Draws the latency distributions (floor and backends, per rate) as a PNG with gnuplot.
package io.github.vhostdeviceinput.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One panel per rate; in each, one curve per receiver: latency (log x) against percentile on a
 * "nines" scale (y = -log10(1 - p)), so the median and the tail up to p99.9 get equal room. gnuplot
 * (Debian's gnuplot-nox, with the pngcairo terminal) draws it from data files written beside it.
 */
final class LatencyChart {
  private static final int POINTS = 400;

  private LatencyChart() {}

  /** Writes dir/latency.png (and its .gp script and .dat files); fails if gnuplot cannot. */
  static Path draw(List<LatencyScenario.Case> cases, Path dir, String subtitle)
      throws IOException, InterruptedException {
    List<Integer> rates = cases.stream().map(LatencyScenario.Case::rate).distinct().toList();
    StringBuilder gp = new StringBuilder();
    gp.append("set terminal pngcairo size ")
        .append(700 * rates.size())
        .append(",560 font 'DejaVu Sans,11'\n")
        .append("set output 'latency.png'\n")
        .append("set multiplot layout 1,")
        .append(rates.size())
        .append(" title \"")
        .append(escape(subtitle))
        .append("\"\n")
        .append("set logscale x\nset grid xtics mxtics ytics\nset key top left\n")
        .append("set xlabel 'latency, injector write to frame seen (µs)'\n")
        .append("set ylabel 'percentile'\n")
        .append(
            "set ytics ('0%%' 0, '50%%' 0.30103, '90%%' 1, '99%%' 2, '99.9%%' 3, '99.99%%' 4)\n")
        .append("set yrange [0:*]\n");
    for (int rate : rates) {
      List<String> plots = new ArrayList<>();
      for (LatencyScenario.Case c : cases) {
        if (c.rate() != rate) {
          continue;
        }
        String file = "latency-" + rate + "-" + c.label().replaceAll("[^A-Za-z0-9]+", "-") + ".dat";
        Files.writeString(dir.resolve(file), curve(c.pooled()), StandardCharsets.UTF_8);
        plots.add(
            "'"
                + file
                + "' using 1:2 with lines lw "
                + (c.isBaseline() ? "3 dt 2" : "2")
                + " title '"
                + escape(c.label())
                + "'");
      }
      gp.append("set title '")
          .append(String.format(Locale.ROOT, "%,d frames/s", rate))
          .append("'\n");
      gp.append("plot ").append(String.join(", \\\n     ", plots)).append('\n');
    }
    gp.append("unset multiplot\n");
    Path script = dir.resolve("latency.gp");
    Files.writeString(script, gp.toString(), StandardCharsets.UTF_8);
    Process p;
    try {
      p =
          new ProcessBuilder("gnuplot", script.getFileName().toString())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run gnuplot (" + e.getMessage() + "): install gnuplot-nox (scripts/install-deps)",
          e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("gnuplot failed on " + script + ":\n" + output);
    }
    Path png = dir.resolve("latency.png");
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new IOException("gnuplot wrote no " + png + ":\n" + output);
    }
    return png;
  }

  /** Points (µs, nines) of the sorted sample, evenly spaced in nines up to the last sample. */
  static String curve(long[] sorted) {
    StringBuilder b = new StringBuilder("# latency_us nines\n");
    int n = sorted.length;
    if (n == 0) {
      return b.toString();
    }
    double maxNines = Math.log10(n);
    for (int k = 0; k <= POINTS; k++) {
      double nines = maxNines * k / POINTS;
      double q = 1 - Math.pow(10, -nines);
      int index = Math.min(n - 1, (int) Math.floor(q * n));
      b.append(String.format(Locale.ROOT, "%.3f %.5f%n", sorted[index] / 1e3, nines));
    }
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("'", "").replace("\"", "");
  }
}
