// What the command line asked for: socket base path, devices, grab, burst rate, log level.
package io.github.vhostdeviceinput.device;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The backend's settings.
 *
 * @param socketPath base path; device i listens on {@code socketPath + i}
 * @param devices evdev device paths, in order
 * @param grab whether to grab each device for exclusive use
 * @param burstRate events per second at most for frames of a burst; 0 for unlimited
 * @param logLevel the lowest level logged
 */
public record Settings(
    String socketPath, List<String> devices, boolean grab, int burstRate, Level logLevel) {
  /** The default burst rate: what a 1-vCPU guest under emulation reads, with room to spare. */
  public static final int DEFAULT_BURST_RATE = 1000;

  public Settings {
    devices = List.copyOf(devices);
    if (burstRate < 0) {
      throw new IllegalArgumentException("burstRate " + burstRate);
    }
  }

  /** The socket path of device {@code index}. */
  public String socketPath(int index) {
    return socketPath + index;
  }
}
