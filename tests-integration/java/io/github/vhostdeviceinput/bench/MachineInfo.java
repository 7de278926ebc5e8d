// Facts about the machine and the build that a benchmark result is only meaningful with.
package io.github.vhostdeviceinput.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** CPU, cores, memory, kernel, OS, Java, load, and the git commit measured. */
final class MachineInfo {
  private MachineInfo() {}

  static Map<String, Object> collect(Path sourceDir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put(
        "memory_kib",
        Long.parseLong(firstValue(Path.of("/proc/meminfo"), "MemTotal").replace(" kB", "").trim()));
    m.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
    m.put("os", osName());
    m.put(
        "java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("clk_tck", ProcStats.CLK_TCK);
    m.put("loadavg", loadAverage());
    return m;
  }

  /** The 1, 5 and 15 minute load averages now. */
  static List<Double> loadAverage() {
    String[] f = read(Path.of("/proc/loadavg")).split(" ");
    return List.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
  }

  /** The commit and whether the work tree has changes. */
  static Map<String, Object> git(Path sourceDir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("commit", run(sourceDir, "git", "rev-parse", "HEAD"));
    String status = run(sourceDir, "git", "status", "--porcelain", "--untracked-files=no");
    m.put("dirty", status == null ? null : !status.isEmpty());
    return m;
  }

  private static String osName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring(12).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // not fatal
    }
    return "unknown";
  }

  private static String firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not fatal
    }
    return "unknown";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String run(Path dir, String... command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
