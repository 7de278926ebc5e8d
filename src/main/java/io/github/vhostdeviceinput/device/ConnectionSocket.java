// The SocketIo of one accepted front-end connection, over the native socket calls.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.vhostuser.SocketIo;
import java.nio.ByteBuffer;

/** A connected socket whose fd the native device owns and closes. */
final class ConnectionSocket implements SocketIo {
  private static final int[] NO_FDS = new int[0];

  private final int fd;

  ConnectionSocket(int fd) {
    this.fd = fd;
  }

  @Override
  public int recv(ByteBuffer buf, int offset, int len, int[] fds) throws NativeException {
    return Native.udsRecv(fd, buf, offset, len, fds);
  }

  @Override
  public int send(ByteBuffer buf, int offset, int len) throws NativeException {
    return Native.udsSend(fd, buf, offset, len, NO_FDS, 0);
  }
}
