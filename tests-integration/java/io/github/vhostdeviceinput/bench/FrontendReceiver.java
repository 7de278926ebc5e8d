// A backend under test as a receiver: its processes, and the test front-end taking its event ring.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.frontend.FrontendOptions;
import io.github.vhostdeviceinput.frontend.TestFrontend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a backend on some fixture devices and connects one test front-end per device, set up as
 * QEMU 10 with a Linux guest but with the chosen ring size. Arrivals on device 0 go to the log;
 * other devices' events are counted only.
 */
final class FrontendReceiver implements Receiver {
  private final String name;
  private final BackendProcesses backend;
  private final List<Path> devices;
  private final List<TestFrontend> frontends = new ArrayList<>();
  private final ArrivalLog log;

  FrontendReceiver(
      BenchEnv env, BackendTemplate template, List<Path> devices, int ringSize, ArrivalLog log)
      throws IOException {
    this.name = template.name();
    this.devices = devices;
    this.log = log;
    this.backend =
        BackendProcesses.start(template, env.launcher(), env.shim(), env.workDir(), devices);
    try {
      for (int i = 0; i < devices.size(); i++) {
        TestFrontend fe =
            TestFrontend.connect(
                backend.socket(i), FrontendOptions.qemu10().withRingSize(ringSize));
        frontends.add(fe);
        fe.start();
        fe.sync(); // the rings run in the backend before any input is sent
        fe.setEventListener(i == 0 ? log : new ArrivalLog(0));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw new IOException(
          "backend " + name + " with the test front-end: " + e.getMessage() + "\n" + backend.log(),
          e);
    }
  }

  BackendProcesses backend() {
    return backend;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Long> pids() {
    return backend.pids();
  }

  @Override
  public Map<String, Long> finish(int lastSeq, long timeoutNanos)
      throws IOException, InterruptedException {
    log.awaitSeq(lastSeq, timeoutNanos);
    Map<String, Long> counters = new LinkedHashMap<>();
    long violations = frontends.stream().mapToLong(fe -> fe.violations().size()).sum();
    counters.put("ring_violations", violations);
    for (TestFrontend fe : frontends) {
      try {
        fe.stop(); // QEMU's clean shutdown
      } catch (IOException | RuntimeException e) {
        counters.merge("frontend_stop_failures", 1L, Long::sum);
        fe.close();
      }
    }
    boolean clean = backend.stop();
    counters.put("clean_exit", clean ? 1L : 0L);
    counters.putAll(backend.countersLogged(devices.get(0)));
    return counters;
  }

  @Override
  public void close() {
    for (TestFrontend fe : frontends) {
      fe.close();
    }
    backend.close();
  }
}
