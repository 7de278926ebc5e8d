// The fds that arrived with the message being read, so that every path can close or hand them on.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.nativeio.Native;
import java.util.Arrays;

/** Collects fds across the reads of one message; preallocated, one per connection. */
final class ReceivedFds {
  /** QEMU sends at most 8 fds with a message, and the native receive accepts no more. */
  static final int MAX = 8;

  private final int[] fds = new int[MAX];
  private int count;

  /**
   * Adds the fds of one receive call ({@code received} holds -1 in unused slots).
   *
   * @return false if the message now carries more than {@link #MAX} fds; all of them are closed
   */
  boolean add(int[] received) {
    boolean fits = true;
    for (int fd : received) {
      if (fd < 0) {
        continue;
      }
      if (count < MAX) {
        fds[count++] = fd;
      } else {
        Native.close(fd);
        fits = false;
      }
    }
    if (!fits) {
      closeAll();
    }
    return fits;
  }

  int count() {
    return count;
  }

  /** Hands the fds over to the caller, who now owns them. */
  int[] take() {
    int[] taken = Arrays.copyOf(fds, count);
    count = 0;
    return taken;
  }

  /** Closes every fd held. */
  void closeAll() {
    for (int i = 0; i < count; i++) {
      Native.close(fds[i]);
    }
    count = 0;
  }
}
