// The benchmark's entry point (scripts/bench): runs the scenarios, writes JSON, chart and table.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.launcher.Launcher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Not a test: a program that measures backends beside the floor, in one run on one fixture, and
 * saves results.json, latency.png and summary.md in the output directory. See BENCHMARKS.md.
 */
public final class BenchMain {
  /** Backends measured beside ours whenever their program is found on this machine. */
  static final List<BackendTemplate> OTHERS =
      List.of(
          new BackendTemplate("qemu-contrib", BackendTemplate.QEMU_CONTRIB),
          new BackendTemplate("rust-vmm", BackendTemplate.RUST_VMM));

  /** Why the others are usually missing here; said beside the check's own finding. */
  static final String WHY_OTHERS_MISSING =
      "Debian 12 and its backports package neither (qemu-system-common 10.0 ships only the"
          + " vhost-user-input documentation, no binary; there is no rust-vmm package), and"
          + " this machine reaches no source host but Debian's binary archive, Maven Central and"
          + " npm, so neither can be built";

  private BenchMain() {}

  public static void main(String[] args) {
    int status;
    try {
      run(args, System.out);
      status = 0;
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      status = 2;
    } catch (Exception e) {
      System.err.println("bench: failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /** Runs the benchmark as scripts/bench does; returns the results, also saved under --out. */
  static Results run(String[] args, PrintStream out) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(BenchOptions.USAGE);
      return null;
    }
    BenchOptions options = BenchOptions.parse(args);
    Files.createDirectories(options.out());
    Path work = Files.createTempDirectory("vdi-bench-");
    try {
      BenchEnv env = env(work);
      if (options.jvmFlags()) {
        new JvmFlagsStudy(env, options, out).run();
        return null;
      }
      return runScenarios(env, options, out);
    } finally {
      deleteTree(work);
    }
  }

  private static Results runScenarios(BenchEnv env, BenchOptions options, PrintStream out)
      throws Exception {
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var machine = MachineInfo.collect(env.sourceDir());
    out.println(
        "bench: "
            + machine.get("cpu_model")
            + ", "
            + machine.get("cores")
            + " cores, load "
            + machine.get("loadavg"));

    List<Results.Backend> all = new ArrayList<>();
    List<BackendTemplate> measured = new ArrayList<>();
    for (BackendTemplate b : options.backendsUnderTest()) {
      Optional<String> missing = b.unavailableReason(env.launcher());
      if (missing.isPresent()) {
        throw new IllegalArgumentException("backend " + b.name() + ": " + missing.get());
      }
      measured.add(b);
      all.add(new Results.Backend(b.name(), b.template(), true, null));
    }
    for (BackendTemplate b : OTHERS) {
      Optional<String> missing = b.unavailableReason(env.launcher());
      if (missing.isEmpty() && measured.stream().noneMatch(m -> m.name().equals(b.name()))) {
        measured.add(b);
        all.add(new Results.Backend(b.name(), b.template(), true, null));
      } else if (missing.isPresent()) {
        String reason = "not available, because " + missing.get() + "; " + WHY_OTHERS_MISSING;
        all.add(new Results.Backend(b.name(), b.template(), false, reason));
        out.println("bench: " + b.name() + ": " + reason);
      }
    }

    List<LatencyScenario.Case> latency = List.of();
    if (options.runs("latency")) {
      latency = new LatencyScenario(env, options, measured, out).run();
    }
    List<ThroughputScenario.Result> throughput = List.of();
    if (options.runs("throughput")) {
      throughput = new ThroughputScenario(env, options, measured, out).run();
    }
    List<BurstScenario.Case> burst = List.of();
    if (options.runs("burst")) {
      burst = new BurstScenario(env, options, measured, out).run();
    }
    List<IdleScenario.Result> idle = new ArrayList<>();
    List<MemoryScenario.Result> memory = new ArrayList<>();
    List<StartupScenario.Result> startup = new ArrayList<>();
    for (BackendTemplate b : measured) {
      if (options.runs("idle")) {
        idle.add(new IdleScenario(env, options, out).run(b));
      }
      if (options.runs("memory")) {
        memory.addAll(new MemoryScenario(env, out).run(b));
      }
      if (options.runs("startup")) {
        startup.addAll(new StartupScenario(env, options, out).run(b));
      }
    }
    Results results =
        new Results(
            machine,
            MachineInfo.git(env.sourceDir()),
            started,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            options,
            all,
            latency,
            throughput,
            burst,
            idle,
            memory,
            startup);
    results.machine().put("loadavg_end", MachineInfo.loadAverage());
    save(results, options.out(), out);
    return results;
  }

  private static void save(Results results, Path dir, PrintStream out)
      throws IOException, InterruptedException {
    List<Targets.Target> targets = Targets.evaluate(results);
    Files.writeString(
        dir.resolve("results.json"),
        JsonWriter.write(Report.json(results, targets)),
        StandardCharsets.UTF_8);
    String table = SummaryTable.markdown(results, targets);
    Files.writeString(dir.resolve("summary.md"), table, StandardCharsets.UTF_8);
    if (!results.latency().isEmpty()) {
      String commit = String.valueOf(results.git().get("commit"));
      LatencyChart.draw(
          results.latency(),
          dir,
          "vhost-device-input latency beside the floor, fake evdev over FUSE, "
              + results.machine().get("cores")
              + " cores, "
              + results.started()
              + (commit.length() >= 10 ? ", " + commit.substring(0, 10) : ""));
    }
    SummaryTable.print(results, targets, out);
    out.println(
        "\nbench: saved "
            + dir.resolve("results.json")
            + ", "
            + dir.resolve("summary.md")
            + (results.latency().isEmpty() ? "" : ", " + dir.resolve("latency.png")));
  }

  static BenchEnv env(Path work) {
    String nativeDir = System.getProperty("vdi.native.dir");
    if (nativeDir == null) {
      throw new IllegalStateException("vdi.native.dir is not set: run scripts/bench");
    }
    Path floor = Path.of(nativeDir, "bin/floor-reader");
    if (!Files.isExecutable(floor)) {
      throw new IllegalStateException(floor + " is missing: build with ./mvnw package");
    }
    return new BenchEnv(
        Launcher.script(Launcher.distDir()),
        floor,
        FakeEvdev.shimPath(),
        work,
        Path.of(System.getProperty("vdi.source.dir", ".")));
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
