// The floor as a receiver: the fake evdev read directly by bin/floor-reader.
package io.github.vhostdeviceinput.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link FloorReader} on one fixture device. */
final class FloorReceiver implements Receiver {
  private final FloorReader reader;
  private final ArrivalLog log;

  FloorReceiver(Path binary, Path device, Path dir, ArrivalLog log) throws IOException {
    this.reader = FloorReader.start(binary, device, dir, log);
    this.log = log;
  }

  @Override
  public String name() {
    return "floor";
  }

  @Override
  public List<Long> pids() {
    return List.of(reader.pid());
  }

  @Override
  public Map<String, Long> finish(int lastSeq, long timeoutNanos)
      throws IOException, InterruptedException {
    log.awaitSeq(lastSeq, timeoutNanos);
    FloorReader.Counters c = reader.finish();
    return Map.of("reads", c.reads(), "syn_dropped", c.synDropped(), "events_read", c.events());
  }

  @Override
  public void close() {
    reader.close();
  }
}
