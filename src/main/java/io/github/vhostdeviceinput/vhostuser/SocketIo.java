// The connected vhost-user socket, as the protocol code sees it: bytes plus SCM_RIGHTS fds.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.nativeio.NativeException;
import java.nio.ByteBuffer;

/** A blocking stream socket that carries fds; production code wraps the native calls. */
public interface SocketIo {
  /**
   * Receives up to {@code len} bytes into direct {@code buf} at {@code offset}; fds sent with them
   * go into {@code fds} (unused slots -1) and belong to the caller.
   *
   * @return bytes received, 0 at end of stream
   */
  int recv(ByteBuffer buf, int offset, int len, int[] fds) throws NativeException;

  /** Sends {@code len} bytes of direct {@code buf} from {@code offset}, with no fds. */
  int send(ByteBuffer buf, int offset, int len) throws NativeException;
}
