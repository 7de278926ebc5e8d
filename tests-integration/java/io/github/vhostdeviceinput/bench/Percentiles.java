// Percentiles of a latency sample, in microseconds.
package io.github.vhostdeviceinput.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles: p is the smallest sample with at least p % of the samples at or below
 * it.
 */
record Percentiles(int count, double p50, double p90, double p99, double p999, double max) {
  static final Percentiles EMPTY =
      new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Of latencies in nanoseconds, which are sorted in place. */
  static Percentiles of(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    Arrays.sort(nanos);
    return new Percentiles(
        nanos.length,
        at(nanos, 50),
        at(nanos, 90),
        at(nanos, 99),
        at(nanos, 99.9),
        nanos[nanos.length - 1] / 1e3);
  }

  /** The value at percentile p of sorted nanoseconds, in µs. */
  static double at(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e3;
  }
}
