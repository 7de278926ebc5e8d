// What receives the injected frames in a run: the floor reader, or a backend behind the test
// front-end.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.fixture.FakeEvdev;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Logs frame arrivals into its {@link ArrivalLog}; closing it stops every process it started. */
interface Receiver extends AutoCloseable {
  /**
   * The floor or floor+hop (ring 0), or the named backend with a front-end of that ring size, on
   * the fixture's device 0.
   */
  static Receiver open(
      BenchEnv env,
      List<BackendTemplate> backends,
      FakeEvdev fake,
      String name,
      int ring,
      ArrivalLog log)
      throws IOException {
    if (ring == 0) {
      return new FloorReceiver(name, env.floorReader(), fake.path(0), env.workDir(), log);
    }
    BackendTemplate template =
        backends.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    return new FrontendReceiver(env, template, List.of(fake.path(0)), ring, log);
  }

  /** "floor", or the backend's name. */
  String name();

  /** The processes whose CPU the run charges to it. */
  List<Long> pids();

  /**
   * Called after the last frame was injected: waits (up to timeoutNanos) until frame lastSeq has
   * arrived, then stops the receiver's processes cleanly.
   *
   * @return counters the receiver reported (our backend's frames_dropped, the floor's reads, ...)
   */
  Map<String, Long> finish(int lastSeq, long timeoutNanos) throws IOException, InterruptedException;

  @Override
  void close();
}
