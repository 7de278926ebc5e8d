// Creates the listening vhost-user sockets at start-up, turning failures into one-line causes.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Errno;
import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Start-up checks of the socket paths: directory exists, not in use, fits sockaddr_un. */
final class Sockets {
  /** sun_path is 108 bytes, including the terminating NUL. */
  static final int MAX_PATH_BYTES = 107;

  private Sockets() {}

  /**
   * Checks, without creating anything, that every device's socket can be created: the directory
   * exists and no running process listens at any of the paths.
   */
  static void checkAll(Settings settings) throws StartupException {
    checkDirectory(settings.socketPath());
    for (int i = 0; i < settings.devices().size(); i++) {
      String path = settings.socketPath(i);
      checkLength(path);
      try {
        Native.udsCheckFree(path);
      } catch (NativeException e) {
        throw failure(path, e);
      }
    }
  }

  /**
   * Listens on {@code settings.socketPath(i)} for every device, replacing stale socket files. On
   * failure closes and removes what it created.
   *
   * @return listening fds, in device order
   */
  static List<Integer> listenAll(Settings settings) throws StartupException {
    checkDirectory(settings.socketPath());
    List<Integer> fds = new ArrayList<>();
    try {
      for (int i = 0; i < settings.devices().size(); i++) {
        fds.add(listen(settings.socketPath(i)));
      }
    } catch (StartupException e) {
      for (int i = 0; i < fds.size(); i++) {
        Native.close(fds.get(i));
        removeQuietly(settings.socketPath(i));
      }
      throw e;
    }
    return fds;
  }

  private static void checkDirectory(String socketPath) throws StartupException {
    Path parent = Path.of(socketPath).toAbsolutePath().getParent();
    if (socketPath.endsWith("/") || parent == null) {
      throw new StartupException(
          "socket path " + socketPath + " names a directory; give a file name prefix");
    }
    if (!Files.exists(parent)) {
      throw new StartupException("socket directory " + parent + " does not exist");
    }
    if (!Files.isDirectory(parent)) {
      throw new StartupException("socket directory " + parent + " is not a directory");
    }
  }

  private static int listen(String path) throws StartupException {
    checkLength(path);
    try {
      return Native.udsListen(path);
    } catch (NativeException e) {
      throw failure(path, e);
    }
  }

  private static void checkLength(String path) throws StartupException {
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new StartupException(
          "socket " + path + ": path too long (at most " + MAX_PATH_BYTES + " bytes)");
    }
  }

  private static StartupException failure(String path, NativeException e) {
    switch (e.errno()) {
      case Errno.EADDRINUSE:
        return new StartupException("socket " + path + " is in use by a running process");
      case Errno.ENOTSOCK:
        return new StartupException("socket " + path + ": exists and is not a socket");
      default:
        return new StartupException("socket " + path + ": " + e.reason());
    }
  }

  static void removeQuietly(String path) {
    try {
      Files.deleteIfExists(Path.of(path));
    } catch (Exception e) {
      // Best effort at shutdown; a stale socket file is replaced at the next start.
    }
  }
}
