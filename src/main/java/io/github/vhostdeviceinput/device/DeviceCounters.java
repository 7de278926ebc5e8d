// Names for the native device's counters, in the order the C side fills them.
package io.github.vhostdeviceinput.device;

/** One counter of {@code enum vdi_counter} in native/device.h. */
public enum DeviceCounters {
  PUMP_RETURNS,
  EVENTS_READ,
  EVENTS_DELIVERED,
  EVENTS_DISCARDED,
  FRAMES_DROPPED,
  FRAMES_SPLIT,
  RESYNCS,
  EVENTQ_CALLS,
  STATUSQ_CALLS,
  KICKS,
  BAD_BUFFERS,
  STATUS_APPLIED,
  STATUS_DROPPED;

  /** "events_read=12 events_delivered=12 ...": every counter, by name. */
  static String describe(long[] values) {
    StringBuilder text = new StringBuilder();
    for (DeviceCounters counter : values()) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(counter.name().toLowerCase(java.util.Locale.ROOT))
          .append('=')
          .append(values[counter.ordinal()]);
    }
    return text.toString();
  }
}
