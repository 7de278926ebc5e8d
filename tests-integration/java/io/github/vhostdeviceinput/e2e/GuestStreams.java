// What the e2e tests read back from the guest agent: events as fixture Events, and waiting for
// them.
package io.github.vhostdeviceinput.e2e;

import io.github.vhostdeviceinput.backend.Backend;
import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.guest.AgentEvent;
import io.github.vhostdeviceinput.guest.EventTypes;
import io.github.vhostdeviceinput.guest.QemuGuest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A guest on a backend, and its streams in the fixture's terms. */
final class GuestStreams {
  private static final Duration BOOT = Duration.ofSeconds(30);

  private GuestStreams() {}

  /** Boots a guest on the backend's first socket and waits until the device is open in it. */
  static QemuGuest boot(String name, Backend backend, String device) throws Exception {
    QemuGuest guest =
        QemuGuest.builder()
            .name(name)
            .vhostUserSocket(backend.socket(0))
            .expectDevice(device)
            .start();
    try {
      guest.awaitReady(BOOT);
      backend.awaitEventRings(1);
    } catch (Exception | AssertionError e) {
      guest.close();
      throw e;
    }
    return guest;
  }

  /** Sends signal {@code name} (STOP, CONT, ...) to process {@code pid}. */
  static void signal(long pid, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + name + " " + pid + " failed");
    }
  }

  /**
   * The device's lines from index {@code from} on: normal events as {@link Event}s, without EV_REP
   * (the agent's own "rep" command writes those); a DROPPED line becomes {@code EV_SYN SYN_DROPPED}
   * and SYNC lines are left out, so a drop shows.
   */
  static List<Event> since(QemuGuest guest, String tag, int from) {
    List<AgentEvent> all = guest.events(tag);
    List<Event> events = new ArrayList<>();
    for (AgentEvent e : all.subList(Math.min(from, all.size()), all.size())) {
      if (e.kind() == AgentEvent.Kind.DROPPED) {
        events.add(new Event(Event.EV_SYN, Event.SYN_DROPPED, 0));
      } else if (e.kind() == AgentEvent.Kind.EVENT && e.type() != EventTypes.EV_REP) {
        events.add(new Event(e.type(), e.code(), e.value()));
      }
    }
    return events;
  }

  /**
   * Waits until the device has {@code count} events (as {@link #since} counts them) after index
   * {@code from}, or a drop, or the timeout; then a little longer, so that anything extra shows.
   */
  static List<Event> await(QemuGuest guest, String tag, int from, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Event> got = since(guest, tag, from);
    while (got.size() < count
        && !got.contains(new Event(Event.EV_SYN, Event.SYN_DROPPED, 0))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
      got = since(guest, tag, from);
    }
    Thread.sleep(150);
    return since(guest, tag, from);
  }

  /** A frame: the events, then SYN_REPORT. */
  static List<Event> frame(Event... events) {
    List<Event> frame = new ArrayList<>(List.of(events));
    frame.add(Event.synReport());
    return frame;
  }

  static Event key(int code, int value) {
    return new Event(Event.EV_KEY, code, value);
  }

  static Event abs(int code, int value) {
    return new Event(Event.EV_ABS, code, value);
  }
}
