// One evdev event (or SYN_DROPPED marker) the agent read from a device, through libevdev or raw.
package io.github.vhostdeviceinput.guest;

/**
 * An event line of the agent.
 *
 * @param kind how it was delivered
 * @param device the device's tag, e.g. {@code event1}
 * @param type the event type (0 for {@link Kind#DROPPED})
 * @param code the event code (3, SYN_DROPPED, for {@link Kind#DROPPED})
 * @param value the event value
 */
public record AgentEvent(Kind kind, String device, int type, int code, int value) {

  /** How an event was delivered. */
  public enum Kind {
    /** Read in normal mode, or as the kernel gave it in raw mode: an {@code EV} line. */
    EVENT,
    /** libevdev reported SYN_DROPPED, or the kernel gave one (raw mode): a {@code DROPPED} line. */
    DROPPED,
    /** Read in sync mode after SYN_DROPPED: a {@code SYNC} line. */
    SYNC
  }

  /** A normal event. */
  public static AgentEvent of(String device, int type, int code, int value) {
    return new AgentEvent(Kind.EVENT, device, type, code, value);
  }

  /** The event as the agent printed it, e.g. {@code EV event1 1 30 1}. */
  @Override
  public String toString() {
    return switch (kind) {
      case DROPPED -> "DROPPED " + device;
      case SYNC -> "SYNC " + device + " " + type + " " + code + " " + value;
      case EVENT -> "EV " + device + " " + type + " " + code + " " + value;
    };
  }
}
