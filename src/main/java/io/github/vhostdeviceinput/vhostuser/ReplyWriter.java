// Sends replies to the front-end from one buffer preallocated per connection.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.nativeio.NativeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes a reply header and payload and writes them whole. */
final class ReplyWriter {
  private final SocketIo socket;
  private final ByteBuffer buf =
      ByteBuffer.allocateDirect(Header.SIZE + Codec.MAX_PAYLOAD_SIZE)
          .order(ByteOrder.LITTLE_ENDIAN);

  ReplyWriter(SocketIo socket) {
    this.socket = socket;
  }

  /**
   * Sends a reply to {@code request} with {@code payload}, or with an empty payload if null.
   *
   * @return false if the socket stopped accepting bytes before the reply was written whole
   */
  boolean send(int request, Payload payload) throws NativeException {
    int size = payload == null ? 0 : payload.wireSize();
    Header.reply(request, size).encode(buf, 0);
    if (payload != null) {
      payload.encode(buf, Header.SIZE);
    }
    int total = Header.SIZE + size;
    int done = 0;
    while (done < total) {
      int n = socket.send(buf, done, total - done);
      if (n <= 0) {
        return false;
      }
      done += n;
    }
    return true;
  }
}
