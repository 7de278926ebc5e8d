// Test helper: real fds (eventfds) and a check, through /proc/self/fd, that they were closed.
package io.github.vhostdeviceinput.vhostuser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates eventfds and tells whether one is still open. */
final class TestFds {
  private TestFds() {}

  static int[] eventfds(int n) throws NativeException {
    int[] fds = new int[n];
    for (int i = 0; i < n; i++) {
      fds[i] = TestNative.eventfdCreate();
    }
    return fds;
  }

  /**
   * Whether fd is an open eventfd. Checking the link target, not just the entry, keeps a number
   * that the JVM reused for some other file from passing as still open.
   */
  static boolean isOpen(int fd) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().contains("eventfd");
    } catch (IOException e) {
      return false;
    }
  }

  static void assertClosed(int... fds) {
    for (int fd : fds) {
      assertFalse(isOpen(fd), "fd " + fd + " is still open");
    }
  }

  static void assertOpen(int... fds) {
    for (int fd : fds) {
      assertTrue(isOpen(fd), "fd " + fd + " was closed");
    }
  }

  static void closeAll(int... fds) {
    for (int fd : fds) {
      if (isOpen(fd)) {
        Native.close(fd);
      }
    }
  }
}
