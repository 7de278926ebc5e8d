// Reads a process's CPU time, memory and per-thread context switches from /proc.
package io.github.vhostdeviceinput.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** Snapshots of /proc/PID for the backend's cost: CPU, memory, wake-ups. */
final class ProcStats {
  /** Clock ticks per second of utime and stime (getconf CLK_TCK). */
  static final long CLK_TCK = clockTicks();

  private ProcStats() {}

  /**
   * CPU used so far: utime and stime ticks from stat (user space, and the kernel on the process's
   * behalf), and the on-CPU nanoseconds of its live threads from schedstat.
   */
  record Cpu(long userTicks, long sysTicks, long schedNanos) {
    static final Cpu ZERO = new Cpu(0, 0, 0);

    long ticks() {
      return userTicks + sysTicks;
    }

    Cpu plus(Cpu o) {
      return new Cpu(userTicks + o.userTicks, sysTicks + o.sysTicks, schedNanos + o.schedNanos);
    }

    Cpu minus(Cpu o) {
      return new Cpu(userTicks - o.userTicks, sysTicks - o.sysTicks, schedNanos - o.schedNanos);
    }

    double seconds() {
      return (double) ticks() / CLK_TCK;
    }

    double userSeconds() {
      return (double) userTicks / CLK_TCK;
    }

    double schedSeconds() {
      return schedNanos / 1e9;
    }
  }

  /** VmRSS and VmHWM in KiB. */
  record Memory(long rssKb, long hwmKb) {
    Memory plus(Memory o) {
      return new Memory(rssKb + o.rssKb, hwmKb + o.hwmKb);
    }
  }

  /** One thread's name and context switches so far. */
  record ThreadSample(long pid, long tid, String name, long voluntary, long involuntary) {}

  /** CPU of several processes, summed. */
  static Cpu cpu(Collection<Long> pids) throws IOException {
    Cpu total = Cpu.ZERO;
    for (long pid : pids) {
      total = total.plus(cpu(pid));
    }
    return total;
  }

  /** utime+stime of the whole process (stat), and the sum of its live threads' schedstat. */
  static Cpu cpu(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // comm may hold spaces and parentheses: fields are counted after the last ')'
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    long user = Long.parseLong(f[11]);
    long sys = Long.parseLong(f[12]);
    long sched = 0;
    for (Path task : tasks(pid)) {
      try {
        sched += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
      } catch (NoSuchFileException e) {
        // the thread ended meanwhile
      }
    }
    return new Cpu(user, sys, sched);
  }

  /** VmRSS and VmHWM of several processes, summed. */
  static Memory memory(Collection<Long> pids) throws IOException {
    Memory total = new Memory(0, 0);
    for (long pid : pids) {
      total = total.plus(memory(pid));
    }
    return total;
  }

  static Memory memory(long pid) throws IOException {
    long rss = -1;
    long hwm = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kb(line);
      } else if (line.startsWith("VmHWM:")) {
        hwm = kb(line);
      }
    }
    if (rss < 0 || hwm < 0) {
      throw new IOException("no VmRSS/VmHWM in /proc/" + pid + "/status");
    }
    return new Memory(rss, hwm);
  }

  /** Every live thread of the processes, with its name (comm) and context switches. */
  static List<ThreadSample> threads(Collection<Long> pids) throws IOException {
    List<ThreadSample> out = new ArrayList<>();
    for (long pid : pids) {
      for (Path task : tasks(pid)) {
        try {
          long voluntary = -1;
          long involuntary = -1;
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              voluntary = value(line);
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
              involuntary = value(line);
            }
          }
          String name = Files.readString(task.resolve("comm")).strip();
          long tid = Long.parseLong(task.getFileName().toString());
          out.add(new ThreadSample(pid, tid, name, voluntary, involuntary));
        } catch (NoSuchFileException e) {
          // the thread ended meanwhile
        }
      }
    }
    return out;
  }

  private static List<Path> tasks(long pid) throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      return s.sorted().toList();
    }
  }

  private static long kb(String line) {
    return value(line.replace("kB", ""));
  }

  private static long value(String line) {
    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100; // Linux's USER_HZ on every common architecture
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
