// Opens and checks the listed evdev devices at start-up, turning failures into one-line causes.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Errno;
import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Start-up checks of the host devices: exists, opens, is evdev, listed once, grabbable. */
final class HostDevices {
  private HostDevices() {}

  /**
   * Opens every device, grabbing it if asked. On failure closes what it opened.
   *
   * @return native evdev handles, in list order
   */
  static List<Long> openAll(List<String> paths, boolean grab) throws StartupException {
    rejectDuplicates(paths);
    List<Long> handles = new ArrayList<>();
    try {
      for (String path : paths) {
        handles.add(open(path, grab));
      }
    } catch (StartupException e) {
      handles.forEach(Native::evdevClose);
      throw e;
    }
    return handles;
  }

  private static long open(String path, boolean grab) throws StartupException {
    long handle;
    try {
      handle = Native.evdevOpen(path);
    } catch (NativeException e) {
      throw new StartupException(path + ": " + describe(e));
    }
    if (grab) {
      try {
        Native.evdevGrab(handle, true);
      } catch (NativeException e) {
        Native.evdevClose(handle);
        throw new StartupException(
            e.errno() == Errno.EBUSY
                ? path + ": grabbed by another process (stop it, or run with --no-grab)"
                : path + ": cannot grab: " + e.reason());
      }
    }
    return handle;
  }

  static String describe(NativeException e) {
    switch (e.errno()) {
      case Errno.ENOTTY:
        return "not an evdev input device";
      case Errno.EACCES:
      case Errno.EPERM:
        return e.reason() + " (run as root or add the user to the 'input' group)";
      default:
        return e.reason();
    }
  }

  /** The same device twice, even through a symlink, would split its events between guests. */
  private static void rejectDuplicates(List<String> paths) throws StartupException {
    Map<Path, String> seen = new HashMap<>();
    for (String path : paths) {
      Path key;
      try {
        key = Path.of(path).toRealPath();
      } catch (IOException | RuntimeException e) {
        key = Path.of(path).toAbsolutePath().normalize();
      }
      String previous = seen.putIfAbsent(key, path);
      if (previous != null) {
        throw new StartupException(
            previous.equals(path)
                ? path + ": listed twice in --event-list"
                : path + ": the same device as " + previous + ", listed twice in --event-list");
      }
    }
  }
}
