// Scenario 5: resident memory (VmRSS, VmHWM) of a backend serving 1 and 4 devices with input
// flowing.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.frontend.FrontendOptions;
import io.github.vhostdeviceinput.frontend.TestFrontend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The backend serves N mice, each with a QEMU 10 front-end; every device gets {@link #FRAMES}
 * frames, and once all have arrived and the process settled, its memory is read (summed over
 * processes, for per-device backends). Frames come one per write at a device's pace, {@link
 * #FRAMES_PER_SECOND} per device, so our backend's pacing of bursts holds none back: written in
 * batches, 2000 frames would take 6 s at its default 1000 events/s, and its queue of frames is
 * written all through either way, since 6000 events cycle through it.
 */
final class MemoryScenario {
  static final int FRAMES = 2000;

  /** Per device: 250 µs between frames, far above the 10 µs per event that marks a burst. */
  static final int FRAMES_PER_SECOND = 4000;

  private static final long SETTLE_MS = 500;

  /**
   * @param negotiateMillis how long the first front-end's QEMU 10 start-up sequence took (features,
   *     config probe of every select, memory, rings), the time a booting guest waits for it
   */
  record Result(String backend, int devices, ProcStats.Memory memory, double negotiateMillis) {}

  private final BenchEnv env;
  private final PrintStream progress;

  MemoryScenario(BenchEnv env, PrintStream progress) {
    this.env = env;
    this.progress = progress;
  }

  List<Result> run(BackendTemplate backend) throws IOException, InterruptedException {
    List<Result> out = new ArrayList<>();
    try (FakeEvdev fake =
        FakeEvdev.builder()
            .devices(
                List.of(DeviceSpec.MOUSE, DeviceSpec.MOUSE, DeviceSpec.MOUSE, DeviceSpec.MOUSE))
            .lossless(true)
            .directory(env.workDir())
            .start()) {
      for (int n : List.of(1, 4)) {
        for (int d = 0; d < 4; d++) {
          int device = d;
          fake.awaitStatus(device, s -> s.clientCount() == 0, Duration.ofSeconds(10));
        }
        out.add(measure(fake, backend, n));
      }
    }
    return out;
  }

  /** Measures the backend serving devices 0..n-1 of the fixture. */
  static Result measure(
      FakeEvdev fake, BackendTemplate backend, BenchEnv env, int n, PrintStream progress)
      throws IOException, InterruptedException {
    return new MemoryScenario(env, progress).measure(fake, backend, n);
  }

  private Result measure(FakeEvdev fake, BackendTemplate backend, int n)
      throws IOException, InterruptedException {
    List<Path> devices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      devices.add(fake.path(i));
    }
    List<TestFrontend> frontends = new ArrayList<>();
    List<ArrivalLog> logs = new ArrayList<>();
    try (BackendProcesses processes =
        BackendProcesses.start(backend, env.launcher(), env.shim(), env.workDir(), devices)) {
      try {
        double negotiateMillis = 0;
        for (int i = 0; i < n; i++) {
          long start = System.nanoTime();
          TestFrontend fe = TestFrontend.connect(processes.socket(i), FrontendOptions.qemu10());
          frontends.add(fe);
          fe.start();
          fe.sync();
          if (i == 0) {
            negotiateMillis = (System.nanoTime() - start) / 1e6;
          }
          ArrivalLog log = new ArrivalLog(0);
          logs.add(log);
          fe.setEventListener(log);
        }
        MouseFrames frames = new MouseFrames(1);
        Pacer pacer = new Pacer(FRAMES_PER_SECOND * n);
        pacer.start();
        for (int slot = 0; slot < FRAMES * n; slot++) {
          pacer.awaitSlot(slot);
          fake.injectTimed(slot % n, frames.batch(slot / n + 1, 1));
        }
        for (int i = 0; i < n; i++) {
          if (!logs.get(i).awaitSeq(FRAMES, 10_000_000_000L)) {
            throw new IOException(
                backend.name()
                    + ": device "
                    + i
                    + " got "
                    + logs.get(i).frames()
                    + " of "
                    + FRAMES
                    + " frames\n"
                    + processes.log());
          }
        }
        Thread.sleep(SETTLE_MS);
        ProcStats.Memory memory = ProcStats.memory(processes.pids());
        progress.printf(
            "memory %s, %d device%s: VmRSS %.1f MiB, VmHWM %.1f MiB%n",
            backend.name(), n, n == 1 ? "" : "s", memory.rssKb() / 1024.0, memory.hwmKb() / 1024.0);
        for (TestFrontend fe : frontends) {
          fe.stop();
        }
        processes.stop();
        return new Result(backend.name(), n, memory, negotiateMillis);
      } finally {
        frontends.forEach(TestFrontend::close);
      }
    }
  }
}
