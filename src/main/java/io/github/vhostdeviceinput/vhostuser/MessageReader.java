// Reads one front-end message: the header, then exactly the payload it announces, and its fds.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.nativeio.NativeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Frames messages on the stream socket, into one buffer preallocated per connection. */
final class MessageReader {
  private final SocketIo socket;
  private final ByteBuffer buf =
      ByteBuffer.allocateDirect(Header.SIZE + Codec.MAX_PAYLOAD_SIZE)
          .order(ByteOrder.LITTLE_ENDIAN);
  private final int[] received = new int[ReceivedFds.MAX];
  private final ReceivedFds fds = new ReceivedFds();

  MessageReader(SocketIo socket) {
    this.socket = socket;
  }

  /**
   * Reads and validates the next message.
   *
   * @return the message, or null if the front-end closed the connection between messages
   * @throws ProtocolException if the message is malformed, unsupported or cut short
   * @throws NativeException if the socket fails; any fds received with the message are closed
   */
  Message read() throws ProtocolException, NativeException {
    int got = fill(0, Header.SIZE, null);
    if (got == 0) {
      fds.closeAll();
      return null;
    }
    if (got < Header.SIZE) {
      fds.closeAll();
      throw new ProtocolException(
          null, "end of stream after " + got + " of " + Header.SIZE + " bytes", true);
    }
    Header header = Header.decode(buf, 0);
    Codec.checkHeader(header, fds);
    got = fill(Header.SIZE, header.size(), header);
    if (got < header.size()) {
      fds.closeAll();
      throw new ProtocolException(
          header, "end of stream after " + got + " of " + header.size() + " payload bytes", true);
    }
    return Codec.decode(header, buf, Header.SIZE, fds);
  }

  /** Reads until {@code len} bytes are in or the stream ends; returns how many came. */
  private int fill(int offset, int len, Header header) throws ProtocolException, NativeException {
    int done = 0;
    while (done < len) {
      int n;
      try {
        n = socket.recv(buf, offset + done, len - done, received);
      } catch (NativeException e) {
        fds.closeAll();
        throw e;
      }
      if (!fds.add(received)) {
        throw new ProtocolException(header, "more than " + ReceivedFds.MAX + " fds", true);
      }
      if (n <= 0) {
        break;
      }
      done += n;
    }
    return done;
  }
}
