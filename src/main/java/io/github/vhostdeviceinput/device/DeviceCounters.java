// Formats the native device's counters, named in native/seam.h, for the log line at exit.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Seam;
import java.util.Locale;

/** The native device's counters, as {@link Seam.Counter} names them. */
final class DeviceCounters {
  /** How many counters the native device keeps. */
  static final int COUNT = Seam.Counter.values().length;

  private DeviceCounters() {}

  /** "pump_returns=61 events_read=12 ...": every counter, by name, in the native order. */
  static String describe(long[] values) {
    StringBuilder text = new StringBuilder();
    for (Seam.Counter counter : Seam.Counter.values()) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(counter.name().toLowerCase(Locale.ROOT))
          .append('=')
          .append(values[counter.ordinal()]);
    }
    return text.toString();
  }
}
