// Turns a run's results into the JSON document described in BENCHMARKS.md.
package io.github.vhostdeviceinput.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Schema version 2; BENCHMARKS.md documents every field. */
final class Report {
  /** 2: the burst scenario, and throughput's burst_rate (ours runs flat out unpaced). */
  static final int SCHEMA = 2;

  private Report() {}

  static Map<String, Object> json(Results r, List<Targets.Target> targets) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("started", r.started());
    m.put("finished", r.finished());
    m.put("git", r.git());
    m.put("machine", r.machine());
    m.put("options", options(r.options()));
    List<Object> backends = new ArrayList<>();
    for (Results.Backend b : r.backends()) {
      backends.add(
          map(
              "name",
              b.name(),
              "template",
              b.template(),
              "measured",
              b.measured(),
              "reason",
              b.reason()));
    }
    m.put("backends", backends);
    m.put("latency", latency(r));
    m.put("throughput", r.throughput().stream().map(Report::throughput).toList());
    m.put("burst", burst(r));
    m.put("idle", r.idle().stream().map(Report::idle).toList());
    m.put(
        "memory",
        r.memory().stream()
            .map(
                x ->
                    map(
                        "backend", x.backend(),
                        "devices", x.devices(),
                        "vm_rss_kib", x.memory().rssKb(),
                        "vm_hwm_kib", x.memory().hwmKb(),
                        "negotiate_ms", x.negotiateMillis()))
            .toList());
    m.put(
        "startup",
        r.startup().stream()
            .map(
                s ->
                    map(
                        "backend", s.backend(),
                        "devices", s.devices(),
                        "median_ms", s.median(),
                        "min_ms", s.min(),
                        "max_ms", s.max(),
                        "runs_ms", s.millis()))
            .toList());
    m.put(
        "targets",
        targets.stream()
            .map(
                t ->
                    map(
                        "backend", t.backend(),
                        "what", t.what(),
                        "value", t.value(),
                        "limit", t.limit(),
                        "unit", t.unit(),
                        "met", t.met()))
            .toList());
    return m;
  }

  private static Map<String, Object> options(BenchOptions o) {
    return map(
        "seconds", o.seconds(),
        "warmup_seconds", o.warmupSeconds(),
        "rounds", o.rounds(),
        "rates", o.rates(),
        "rings", o.rings(),
        "throughput_seconds", o.throughputSeconds(),
        "burst_rounds", o.burstRounds(),
        "idle_seconds", o.idleSeconds(),
        "startup_runs", o.startupRuns(),
        "quick", o.quick(),
        "scenarios", BenchOptions.ALL_SCENARIOS.stream().filter(o::runs).toList());
  }

  private static Map<String, Object> latency(Results r) {
    List<Object> cases = new ArrayList<>();
    for (LatencyScenario.Case c : r.latency()) {
      List<Object> rounds = new ArrayList<>();
      for (LatencyScenario.Round round : c.rounds()) {
        LatencyRun.Result x = round.result();
        rounds.add(
            map(
                "round", round.round() + 1,
                "percentiles_us", percentiles(round.percentiles()),
                "lost", x.lost(),
                "achieved_fps", x.achievedRate(),
                "cpu_percent", x.cpuPercent(),
                "user_cpu_percent", x.userCpuPercent(),
                "sched_cpu_percent", x.schedCpuPercent(),
                "cpu_user_ticks", x.cpu().userTicks(),
                "cpu_sys_ticks", x.cpu().sysTicks(),
                "wall_s", x.wallNanos() / 1e9,
                "counters", x.counters()));
      }
      cases.add(
          map(
              "receiver", c.receiver(),
              "ring", c.isBaseline() ? null : c.ring(),
              "rate_fps", c.rate(),
              "pooled_us", percentiles(c.percentiles()),
              "rounds", rounds));
    }
    List<Object> ratios = new ArrayList<>();
    for (Results.Ratio ratio : r.ratios()) {
      ratios.add(
          map(
              "backend", ratio.backend().receiver(),
              "ring", ratio.backend().ring(),
              "rate_fps", ratio.backend().rate(),
              "p50_ratio", ratio.p50(),
              "p99_ratio", ratio.p99(),
              "p50_ratio_per_round", ratio.p50PerRound(),
              "p99_ratio_per_round", ratio.p99PerRound(),
              "p50_over_floor_hop", ratio.p50OverHop(),
              "p99_over_floor_hop", ratio.p99OverHop()));
    }
    return map("cases", cases, "ratios_to_floor", ratios);
  }

  private static Map<String, Object> percentiles(Percentiles p) {
    return map(
        "count", p.count(),
        "p50", p.p50(),
        "p90", p.p90(),
        "p99", p.p99(),
        "p99_9", p.p999(),
        "max", p.max());
  }

  private static Map<String, Object> throughput(ThroughputScenario.Result t) {
    return map(
        "receiver", t.receiver(),
        "burst_rate", t.burstRate().json(),
        "ring", t.ring() == 0 ? null : t.ring(),
        "events", t.events(),
        "events_per_s", t.eventsPerSecond(),
        "lost_frames", t.lost(),
        "out_of_order_frames", t.outOfOrder(),
        "seconds", t.seconds(),
        "cpu_user_ticks", t.cpu().userTicks(),
        "cpu_sys_ticks", t.cpu().sysTicks(),
        "cpu_s_per_million_events", t.cpuSecondsPerMillion(),
        "user_cpu_s_per_million_events", t.cpu().userSeconds() / t.events() * 1e6,
        "sched_cpu_s_per_million_events", t.schedCpuSecondsPerMillion(),
        "counters", t.counters());
  }

  private static Map<String, Object> burst(Results r) {
    List<Object> cases = new ArrayList<>();
    for (BurstScenario.Case c : r.burst()) {
      cases.add(
          map(
              "receiver", c.receiver(),
              "burst_rate", c.burstRate().json(),
              "ring", c.ring() == 0 ? null : c.ring(),
              "rounds", c.allNanos().length,
              "median_ms", c.medianMs(),
              "max_ms", c.maxMs(),
              "first_frame_median_ms", c.firstFrameMedianMs(),
              "lost_frames", c.lost(),
              "out_of_order_frames", c.outOfOrder(),
              "rounds_with_wrong_event_count", c.wrongEvents(),
              "rounds_ms", millis(c.allNanos()),
              "first_frame_ms", millis(c.firstNanos()),
              "counters", c.counters()));
    }
    return map(
        "taps", BurstScenario.TAPS,
        "frames", BurstScenario.FRAMES,
        "events", BurstScenario.EVENTS,
        "spacing_ms", BurstScenario.SPACING_MS,
        "fixture_queue", BurstScenario.FIXTURE_QUEUE,
        "cases", cases);
  }

  private static List<Double> millis(long[] nanos) {
    return java.util.Arrays.stream(nanos).mapToObj(n -> n / 1e6).toList();
  }

  private static Map<String, Object> idle(IdleScenario.Result i) {
    List<Object> threads = new ArrayList<>();
    for (IdleScenario.ThreadIdle t : i.threads()) {
      threads.add(
          map(
              "name", t.name(),
              "tid", t.tid(),
              "ours", t.ours(),
              "voluntary", t.voluntary(),
              "involuntary", t.involuntary(),
              "per_s", t.switches() / i.seconds()));
    }
    return map(
        "backend", i.backend(),
        "seconds", i.seconds(),
        "cpu_user_ticks", i.cpu().userTicks(),
        "cpu_sys_ticks", i.cpu().sysTicks(),
        "cpu_percent", i.cpuPercent(),
        "sched_cpu_percent", i.schedCpuPercent(),
        "context_switches", i.switches(),
        "context_switches_per_s", i.switchesPerSecond(),
        "our_threads_switches", i.ourSwitches(),
        "threads", threads);
  }

  /** A map in the order given: key, value, key, value, ... (values may be null). */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
