// Test helper: a SocketIo that feeds scripted bytes and fds and captures what is sent back.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.nativeio.NativeException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Plays the front-end's side of the socket. Each fed chunk is one sendmsg: its fds arrive with its
 * first byte, and a receive never spans two chunks. When the chunks run out the stream ends.
 */
final class FakeSocket implements SocketIo {
  /** One reply the backend sent. */
  record Reply(Header header, byte[] payload) {
    long u64() {
      return Wire.u64(payload);
    }
  }

  private static final class Chunk {
    final byte[] bytes;
    final int[] fds;
    int position;

    Chunk(byte[] bytes, int[] fds) {
      this.bytes = bytes;
      this.fds = fds;
    }
  }

  private final Deque<Chunk> input = new ArrayDeque<>();
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

  /** The length asked for by each receive call, to show what was (not) read. */
  final List<Integer> recvLengths = new ArrayList<>();

  /** At most this many bytes per receive, to exercise partial reads. */
  int maxRecv = Integer.MAX_VALUE;

  /** Thrown by the next receive (once the chunks before it are consumed, if queued). */
  NativeException recvFailure;

  NativeException sendFailure;

  /** Makes send accept nothing, as a socket whose peer stopped reading. */
  boolean sendStalls;

  void feed(byte[] bytes, int... fds) {
    input.add(new Chunk(bytes, fds));
  }

  @Override
  public int recv(ByteBuffer buf, int offset, int len, int[] fds) throws NativeException {
    Arrays.fill(fds, -1);
    recvLengths.add(len);
    Chunk chunk = input.peek();
    if (chunk == null) {
      if (recvFailure != null) {
        throw recvFailure;
      }
      return 0;
    }
    if (chunk.position == 0) {
      System.arraycopy(chunk.fds, 0, fds, 0, chunk.fds.length);
    }
    int n = Math.min(Math.min(len, maxRecv), chunk.bytes.length - chunk.position);
    buf.put(offset, chunk.bytes, chunk.position, n);
    chunk.position += n;
    if (chunk.position == chunk.bytes.length) {
      input.poll();
    }
    return n;
  }

  @Override
  public int send(ByteBuffer buf, int offset, int len) throws NativeException {
    if (sendFailure != null) {
      throw sendFailure;
    }
    if (sendStalls) {
      return 0;
    }
    byte[] bytes = new byte[len];
    buf.get(offset, bytes);
    sent.writeBytes(bytes);
    return len;
  }

  byte[] sentBytes() {
    return sent.toByteArray();
  }

  /** Everything sent so far, split into replies; clears it. */
  List<Reply> takeReplies() {
    ByteBuffer buf = ByteBuffer.wrap(sent.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    sent.reset();
    List<Reply> replies = new ArrayList<>();
    while (buf.remaining() > 0) {
      Header header = Header.decode(buf, buf.position());
      byte[] payload = new byte[header.size()];
      buf.get(buf.position() + Header.SIZE, payload);
      buf.position(buf.position() + Header.SIZE + header.size());
      replies.add(new Reply(header, payload));
    }
    return replies;
  }
}
