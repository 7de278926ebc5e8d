// Measures what each of the launcher's JVM flags does to start-up, memory and idle wake-ups.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs our backend with java started directly (through a backend template) under variants of the
 * launcher's flags: the launcher script as shipped, its flags with java started directly (the
 * baseline of the others), no flags at all, the flags without one flag (or group) at a time, and
 * candidate additions. Each variant gets start-up runs (4 devices), memory with 1 and 4 devices
 * after input, and an idle watch. The launcher's flags are read from the script itself, so the
 * study follows it. Writes jvm-flags.json and jvm-flags.md.
 */
final class JvmFlagsStudy {
  private static final String MAIN = "io.github.vhostdeviceinput.cli.Main";
  private static final int WARMUP_CONNECTIONS = 5;

  /** A named set of JVM flags. */
  record Variant(String name, List<String> flags) {}

  private final BenchEnv env;
  private final BenchOptions options;
  private final PrintStream out;

  JvmFlagsStudy(BenchEnv env, BenchOptions options, PrintStream out) {
    this.env = env;
    this.options = options;
    this.out = out;
  }

  /** The flags the launcher passes before the user's VHOST_DEVICE_INPUT_JAVA_OPTS. */
  static List<String> launcherFlags(Path launcher) throws IOException {
    List<String> flags = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(launcher)) {
      String t = line.strip();
      if (t.startsWith("exec \"$java\"")) {
        in = true;
      } else if (in && t.startsWith("${VHOST_DEVICE_INPUT_JAVA_OPTS")) {
        break;
      } else if (in && t.startsWith("-")) {
        flags.addAll(List.of(t.replace("\\", "").strip().split("\\s+")));
      }
    }
    if (flags.isEmpty()) {
      throw new IOException("no JVM flags found in " + launcher);
    }
    return flags;
  }

  List<Variant> variants(List<String> launcher, Path appCds) {
    List<Variant> v = new ArrayList<>();
    v.add(new Variant("launcher", launcher));
    // the rest start java directly; this one tells the script's own cost from the flags'
    v.add(new Variant("launcher flags, java started directly", launcher));
    v.add(new Variant("no flags (JVM defaults)", List.of()));
    List<List<String>> groups =
        List.of(
            List.of("-XX:+UseSerialGC"),
            List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1"),
            List.of("-Xss512k"),
            List.of("-Xms4m", "-Xmx32m"),
            List.of("-XX:MaxMetaspaceSize=32m", "-XX:ReservedCodeCacheSize=16m"),
            List.of("-XX:+DisableAttachMechanism"),
            List.of("-XX:-UsePerfData"),
            List.of(
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:GuaranteedSafepointInterval=0",
                "-XX:AsyncDeflationInterval=0"));
    for (List<String> group : groups) {
      if (launcher.containsAll(group)) {
        List<String> flags = new ArrayList<>(launcher);
        flags.removeAll(group);
        v.add(new Variant("launcher without " + String.join(" ", group), flags));
      }
    }
    v.add(new Variant("launcher with -Xshare:off (no CDS)", with(launcher, "-Xshare:off")));
    v.add(new Variant("launcher with -Xint", with(launcher, "-Xint")));
    v.add(
        new Variant(
            "launcher with AppCDS archive", with(launcher, "-XX:SharedArchiveFile=" + appCds)));
    return v;
  }

  private static List<String> with(List<String> flags, String flag) {
    List<String> out = new ArrayList<>(flags);
    out.removeIf(f -> f.startsWith("-Xshare:"));
    out.add(flag);
    return out;
  }

  BackendTemplate template(Variant v) {
    Path lib = env.launcher().getParent().getParent().resolve("lib");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> words = new ArrayList<>();
    words.add(java.toString());
    words.addAll(v.flags());
    words.add("-Djava.library.path=" + lib);
    words.add("-cp");
    words.add(lib + "/*");
    words.add(MAIN);
    String command = String.join(" ", words.stream().map(w -> "'" + w + "'").toList());
    return new BackendTemplate(
        v.name().replaceAll("[^A-Za-z0-9]+", "-"),
        command + " --socket-path {socket_base} --event-list {devices}");
  }

  void run() throws Exception {
    List<String> launcher = launcherFlags(env.launcher());
    Path appCds = env.workDir().resolve("app-cds.jsa");
    List<Variant> variants = variants(launcher, appCds);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (FakeEvdev fake =
        FakeEvdev.builder()
            .devices(Collections.nCopies(4, DeviceSpec.MOUSE))
            .lossless(true)
            .directory(env.workDir())
            .start()) {
      makeAppCds(fake, launcher, appCds);
      // the front-end in this JVM must be compiled, or the first variants' negotiation times
      // would measure the benchmark's own warm-up
      for (int i = 0; i < WARMUP_CONNECTIONS; i++) {
        MemoryScenario.measure(fake, BackendTemplate.ours(), env, 4, out);
      }
      for (Variant v : variants) {
        BackendTemplate t = v.name().equals("launcher") ? BackendTemplate.ours() : template(v);
        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < options.startupRuns(); i++) {
          starts.add(StartupScenario.once(fake, t, env, 4));
        }
        StartupScenario.Result s = new StartupScenario.Result(v.name(), 4, starts);
        MemoryScenario.Result m1 = MemoryScenario.measure(fake, t, env, 1, out);
        MemoryScenario.Result m4 = MemoryScenario.measure(fake, t, env, 4, out);
        IdleScenario.Result idle = new IdleScenario(env, options, out).run(t);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("variant", v.name());
        row.put("flags", v.flags());
        row.put("startup_median_ms", s.median());
        row.put("startup_runs_ms", starts);
        row.put("vm_rss_kib_1", m1.memory().rssKb());
        row.put("vm_hwm_kib_1", m1.memory().hwmKb());
        row.put("vm_rss_kib_4", m4.memory().rssKb());
        row.put("vm_hwm_kib_4", m4.memory().hwmKb());
        row.put("negotiate_ms", m1.negotiateMillis());
        row.put("idle_sched_cpu_percent", idle.schedCpuPercent());
        row.put("idle_switches_per_s", idle.switchesPerSecond());
        row.put("idle_threads", idle.threads().size());
        rows.add(row);
        out.printf(
            Locale.ROOT,
            "jvm-flags %-55s start %4.0f ms  rss4 %5.1f MiB  hwm4 %5.1f MiB  idle %.1f sw/s%n",
            v.name(),
            s.median(),
            m4.memory().rssKb() / 1024.0,
            m4.memory().hwmKb() / 1024.0,
            idle.switchesPerSecond());
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("machine", MachineInfo.collect(env.sourceDir()));
    doc.put("git", MachineInfo.git(env.sourceDir()));
    doc.put("launcher_flags", launcher);
    doc.put("variants", rows);
    Files.writeString(
        options.out().resolve("jvm-flags.json"), JsonWriter.write(doc), StandardCharsets.UTF_8);
    String table = markdown(rows);
    Files.writeString(options.out().resolve("jvm-flags.md"), table, StandardCharsets.UTF_8);
    out.println();
    out.print(table);
  }

  /** Runs the backend once with -XX:ArchiveClassesAtExit, so the AppCDS variant has an archive. */
  private void makeAppCds(FakeEvdev fake, List<String> launcher, Path archive) throws Exception {
    Variant dump =
        new Variant("appcds-dump", with(launcher, "-XX:ArchiveClassesAtExit=" + archive));
    MemoryScenario.measure(fake, template(dump), env, 1, out);
    if (!Files.isRegularFile(archive)) {
      throw new IOException("the JVM wrote no AppCDS archive " + archive);
    }
  }

  private static String markdown(List<Map<String, Object>> rows) {
    StringBuilder b =
        new StringBuilder(
            "| variant | start-up ms (4 devices, median) | first connection's negotiation ms |"
                + " VmRSS MiB 1 / 4 devices | VmHWM MiB 4 devices | idle switches/s | threads |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, Object> r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.0f | %.1f / %.1f | %.1f | %.1f | %d |\n",
              r.get("variant"),
              (Double) r.get("startup_median_ms"),
              (Double) r.get("negotiate_ms"),
              (Long) r.get("vm_rss_kib_1") / 1024.0,
              (Long) r.get("vm_rss_kib_4") / 1024.0,
              (Long) r.get("vm_hwm_kib_4") / 1024.0,
              (Double) r.get("idle_switches_per_s"),
              (Integer) r.get("idle_threads")));
    }
    return b.toString();
  }
}
