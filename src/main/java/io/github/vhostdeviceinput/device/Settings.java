// What the command line asked for: socket base path, devices, grab, log level.
package io.github.vhostdeviceinput.device;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The backend's settings.
 *
 * @param socketPath base path; device i listens on {@code socketPath + i}
 * @param devices evdev device paths, in order
 * @param grab whether to grab each device for exclusive use
 * @param logLevel the lowest level logged
 */
public record Settings(String socketPath, List<String> devices, boolean grab, Level logLevel) {
  public Settings {
    devices = List.copyOf(devices);
  }

  /** The socket path of device {@code index}. */
  public String socketPath(int index) {
    return socketPath + index;
  }
}
