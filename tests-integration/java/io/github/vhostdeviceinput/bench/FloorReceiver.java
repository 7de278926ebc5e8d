// The floor as a receiver: the fake evdev read directly by bin/floor-reader, or relayed one hop.
package io.github.vhostdeviceinput.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@link FloorReader} on one fixture device: "floor" times frames in the reader, "floor+hop" in
 * this JVM after the reader relayed them, as a backend's front-end sees them one process later.
 */
final class FloorReceiver implements Receiver {
  static final String FLOOR = "floor";
  static final String FLOOR_HOP = "floor+hop";

  private final String name;
  private final FloorReader reader;
  private final ArrivalLog log;

  FloorReceiver(String name, Path binary, Path device, Path dir, ArrivalLog log)
      throws IOException {
    this.name = name;
    this.reader = FloorReader.start(binary, device, dir, log, name.equals(FLOOR_HOP));
    this.log = log;
  }

  @Override
  public String name() {
    return name;
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
