// The benchmark's command line: durations, rates, rings, backends under test, output directory.
package io.github.vhostdeviceinput.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to run and for how long. {@link #parse} reads the options of scripts/bench; {@code --quick}
 * shortens everything for a smoke run.
 *
 * @param seconds measured seconds per latency run
 * @param warmupSeconds unmeasured seconds before each latency run
 * @param rounds latency runs per case, interleaved with the floor's
 * @param rates latency frame rates
 * @param rings ring sizes for latency
 * @param throughputSeconds measured seconds of the throughput run; also sizes the paced run
 * @param burstRounds bursts per receiver in the burst scenario
 * @param idleSeconds seconds of the idle observation
 * @param startupRuns start-up runs per device count
 * @param templates the backends under test; empty means ours
 * @param out where results go
 * @param scenarios which scenarios run
 * @param jvmFlags run the launcher flag study instead of the scenarios
 * @param quick a smoke run
 */
record BenchOptions(
    double seconds,
    double warmupSeconds,
    int rounds,
    List<Integer> rates,
    List<Integer> rings,
    double throughputSeconds,
    int burstRounds,
    double idleSeconds,
    int startupRuns,
    List<BackendTemplate> templates,
    Path out,
    Set<String> scenarios,
    boolean jvmFlags,
    boolean quick) {
  static final List<String> ALL_SCENARIOS =
      List.of("latency", "throughput", "burst", "idle", "memory", "startup");

  static final String USAGE =
      String.join(
          "\n",
          "usage: scripts/bench [options]",
          "  --seconds N             measured seconds per latency run (default 2)",
          "  --rounds N              latency runs per case, interleaved with the floor (default 3)",
          "  --rates A,B             latency frame rates (default 1000,8000)",
          "  --rings A,B             ring sizes (default 4,64)",
          "  --throughput-seconds N  (default 3)",
          "  --burst-rounds N        bursts per receiver in the burst scenario (default 10)",
          "  --idle-seconds N        (default 10)",
          "  --startup-runs N        per device count (default 7)",
          "  --backend-template [NAME=]TEMPLATE",
          "                          a backend under test, repeatable; default: ours,",
          "                          '" + BackendTemplate.OURS + "'",
          "                          placeholders: {launcher} {socket_base} {devices} {socket}"
              + " {device}",
          "  --only A,B              scenarios: " + String.join(",", ALL_SCENARIOS),
          "  --quick                 a smoke run of a few seconds per scenario",
          "  --jvm-flags             measure the launcher's JVM flags instead (start-up, memory,"
              + " idle)",
          "  --out DIR               results (default target/bench)",
          "  --no-build              scripts/bench only: skip ./mvnw package");

  static BenchOptions parse(String[] args) {
    double seconds = 2;
    double warmup = 0.5;
    int rounds = 3;
    List<Integer> rates = List.of(1000, 8000);
    List<Integer> rings = List.of(4, 64);
    double throughput = 3;
    int burstRounds = 10;
    boolean burstRoundsSet = false;
    double idle = 10;
    int startupRuns = 7;
    List<BackendTemplate> templates = new ArrayList<>();
    Path out = Path.of("target/bench");
    Set<String> scenarios = new LinkedHashSet<>(ALL_SCENARIOS);
    boolean jvmFlags = false;
    boolean quick = false;
    boolean secondsSet = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--jvm-flags" -> jvmFlags = true;
        case "--seconds" -> {
          seconds = positive(a, value(args, ++i));
          secondsSet = true;
        }
        case "--rounds" -> rounds = (int) positive(a, value(args, ++i));
        case "--rates" -> rates = ints(a, value(args, ++i));
        case "--rings" -> rings = ints(a, value(args, ++i));
        case "--throughput-seconds" -> throughput = positive(a, value(args, ++i));
        case "--burst-rounds" -> {
          burstRounds = (int) positive(a, value(args, ++i));
          burstRoundsSet = true;
        }
        case "--idle-seconds" -> idle = positive(a, value(args, ++i));
        case "--startup-runs" -> startupRuns = (int) positive(a, value(args, ++i));
        case "--backend-template" -> templates.add(BackendTemplate.parse(value(args, ++i)));
        case "--out" -> out = Path.of(value(args, ++i));
        case "--only" -> {
          scenarios = new LinkedHashSet<>(Arrays.asList(value(args, ++i).split(",")));
          for (String s : scenarios) {
            if (!ALL_SCENARIOS.contains(s)) {
              throw new IllegalArgumentException("unknown scenario " + s + "\n" + USAGE);
            }
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (quick) {
      seconds = secondsSet ? seconds : 1;
      warmup = 0.2;
      rounds = 1;
      throughput = Math.min(throughput, 1);
      burstRounds = burstRoundsSet ? burstRounds : 3;
      idle = Math.min(idle, 1);
      startupRuns = Math.min(startupRuns, 2);
    }
    long names = templates.stream().map(BackendTemplate::name).distinct().count();
    if (names != templates.size()) {
      throw new IllegalArgumentException("backend names must differ: give each NAME=TEMPLATE");
    }
    return new BenchOptions(
        seconds,
        warmup,
        rounds,
        rates,
        rings,
        throughput,
        burstRounds,
        idle,
        startupRuns,
        List.copyOf(templates),
        out,
        Set.copyOf(scenarios),
        jvmFlags,
        quick);
  }

  /** The backends under test: the templates given, or ours. */
  List<BackendTemplate> backendsUnderTest() {
    return templates.isEmpty() ? List.of(BackendTemplate.ours()) : templates;
  }

  boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static double positive(String option, String v) {
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a number: " + v);
    }
    if (!(d > 0)) {
      throw new IllegalArgumentException(option + " must be positive: " + v);
    }
    return d;
  }

  private static List<Integer> ints(String option, String v) {
    List<Integer> out = new ArrayList<>();
    for (String s : v.split(",")) {
      out.add((int) positive(option, s));
    }
    return List.copyOf(out);
  }
}
