// A smoke run of the benchmark, so it does not rot: sane results, a chart, nothing left running.
package io.github.vhostdeviceinput.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario for a moment against our launcher, given as an explicit template (so the
 * template path is exercised), and checks the results file's shape and counts. Timings are never
 * asserted: the machine is shared and noisy.
 */
class BenchSmokeIT {
  @TempDir Path out;

  @Test
  @SuppressWarnings("unchecked")
  void quickRunSavesSaneResultsAndAChartAndLeavesNothingRunning() throws Exception {
    Set<Long> before = children();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    BenchMain.run(
        new String[] {
          "--quick",
          "--seconds",
          "0.5",
          "--throughput-seconds",
          "0.3",
          "--burst-rounds",
          "1",
          "--out",
          out.toString(),
          "--backend-template",
          "ours=" + BackendTemplate.OURS
        },
        new PrintStream(progress, true, StandardCharsets.UTF_8));
    String log = progress.toString(StandardCharsets.UTF_8);

    Map<String, Object> json =
        (Map<String, Object>) JsonReader.parse(Files.readString(out.resolve("results.json")));
    for (String key :
        List.of(
            "machine",
            "git",
            "backends",
            "latency",
            "throughput",
            "burst",
            "idle",
            "memory",
            "startup",
            "targets")) {
      assertTrue(json.containsKey(key), key + " missing; progress:\n" + log);
    }

    Map<String, Object> latency = (Map<String, Object>) json.get("latency");
    List<Map<String, Object>> cases = (List<Map<String, Object>>) latency.get("cases");
    // floor, floor+hop, ours ring 4, ours ring 64, at 1,000 and 8,000 frames/s
    assertEquals(8, cases.size(), log);
    for (Map<String, Object> c : cases) {
      Map<String, Object> pooled = (Map<String, Object>) c.get("pooled_us");
      assertTrue(num(pooled, "count") > 0, c.toString());
      assertTrue(num(pooled, "p50") > 0 && num(pooled, "p50") <= num(pooled, "max"), c.toString());
      for (Map<String, Object> round : (List<Map<String, Object>>) c.get("rounds")) {
        assertEquals(0, num(round, "lost"), c.toString());
      }
    }
    assertEquals(4, ((List<?>) latency.get("ratios_to_floor")).size());

    List<Map<String, Object>> throughput = (List<Map<String, Object>>) json.get("throughput");
    // floor; ours unpaced at rings 64 and 4; ours paced at ring 4
    assertEquals(
        Arrays.asList(null, "unlimited", "unlimited", "default"),
        throughput.stream().map(t -> t.get("burst_rate")).toList(),
        log);
    for (Map<String, Object> t : throughput) {
      assertTrue(num(t, "events") > 0, t.toString());
      assertEquals(0, num(t, "lost_frames"), t.toString());
      assertEquals(0, num(t, "out_of_order_frames"), t.toString());
    }

    Map<String, Object> burst = (Map<String, Object>) json.get("burst");
    assertEquals(200, num(burst, "events"));
    List<Map<String, Object>> bursts = (List<Map<String, Object>>) burst.get("cases");
    // floor; ours paced and unpaced at rings 4 and 64
    assertEquals(
        Arrays.asList(null, "default", "unlimited", "default", "unlimited"),
        bursts.stream().map(c -> c.get("burst_rate")).toList(),
        log);
    for (Map<String, Object> c : bursts) {
      assertEquals(1, num(c, "rounds"), c.toString());
      assertTrue(num(c, "median_ms") > 0, c.toString());
      assertEquals(0, num(c, "lost_frames"), c.toString());
      assertEquals(0, num(c, "out_of_order_frames"), c.toString());
      assertEquals(0, num(c, "rounds_with_wrong_event_count"), c.toString());
    }

    Map<String, Object> idle = ((List<Map<String, Object>>) json.get("idle")).get(0);
    List<Map<String, Object>> threads = (List<Map<String, Object>>) idle.get("threads");
    Set<String> names =
        threads.stream().map(t -> (String) t.get("name")).collect(Collectors.toSet());
    assertTrue(names.containsAll(List.of("input-0", "signals")), names.toString());

    List<Map<String, Object>> memory = (List<Map<String, Object>>) json.get("memory");
    assertEquals(List.of(1.0, 4.0), memory.stream().map(m -> m.get("devices")).toList());
    for (Map<String, Object> m : memory) {
      assertTrue(
          num(m, "vm_rss_kib") > 0 && num(m, "vm_hwm_kib") >= num(m, "vm_rss_kib"), m.toString());
    }

    List<Map<String, Object>> startup = (List<Map<String, Object>>) json.get("startup");
    assertEquals(2, startup.size());
    for (Map<String, Object> s : startup) {
      assertTrue(num(s, "median_ms") > 0, s.toString());
    }

    List<Map<String, Object>> backends = (List<Map<String, Object>>) json.get("backends");
    assertTrue(
        backends.stream()
            .anyMatch(b -> "ours".equals(b.get("name")) && (Boolean) b.get("measured")));
    for (Map<String, Object> b : backends) {
      assertTrue((Boolean) b.get("measured") || b.get("reason") != null, b.toString());
    }
    assertFalse(((List<?>) json.get("targets")).isEmpty());

    byte[] png = Files.readAllBytes(out.resolve("latency.png"));
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "latency.png is a PNG");
    assertTrue(Files.readString(out.resolve("summary.md")).contains("floor"));

    assertEquals(Set.of(), newChildren(before), "processes left behind");
    assertFalse(
        Files.readString(Path.of("/proc/mounts")).contains("vdi-bench-"),
        "a fixture is still mounted");
  }

  /**
   * Processes started since {@code before} that are still alive after up to 5 s: fusermount3
   * watchers end a moment after their fixture, and other tests' processes are not ours to judge.
   */
  private static Set<Long> newChildren(Set<Long> before) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      Set<Long> now = new java.util.HashSet<>(children());
      now.removeAll(before);
      if (now.isEmpty() || System.nanoTime() > deadline) {
        return now;
      }
      Thread.sleep(50);
    }
  }

  private static Set<Long> children() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  private static double num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Double d)) {
      throw new AssertionError(key + " is not a number in " + m);
    }
    return d;
  }
}
