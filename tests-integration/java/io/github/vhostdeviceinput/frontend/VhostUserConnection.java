// The front-end's end of a vhost-user socket: framed messages with fds, timeouts, and raw access.
package io.github.vhostdeviceinput.frontend;

import io.github.vhostdeviceinput.nativeio.Errno;
import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * A connected vhost-user socket. Every read first polls with a deadline, so no call blocks longer
 * than its timeout while waiting for the back-end. Sends block only while the socket buffer is
 * full, which well-formed messages never fill.
 *
 * <p>Not for concurrent use by several threads; methods are synchronized to make misuse safe.
 */
public final class VhostUserConnection implements AutoCloseable {
  /** The native layer passes at most this many fds per message. */
  public static final int MAX_FDS = 8;

  /** A reply claiming a bigger payload is treated as a protocol violation, not read. */
  public static final int MAX_REPLY_PAYLOAD = 64 * 1024;

  /** Not in the project's Errno table; Linux's value. */
  private static final int ECONNREFUSED = 111;

  private static final int RAW_READ_MAX = 64 * 1024;
  private static final int TRANSCRIPT_LINES = 256;
  private static final int[] NO_FDS = new int[0];
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  private final int fd;
  private ByteBuffer sendBuf = ByteBuffer.allocateDirect(4096);
  private final ByteBuffer recvBuf = ByteBuffer.allocateDirect(RAW_READ_MAX);
  private final Deque<String> transcript = new ArrayDeque<>();
  private boolean peerClosed;
  private boolean closed;

  private VhostUserConnection(int fd) {
    this.fd = fd;
  }

  /**
   * Connects to a back-end's socket, retrying while the socket does not exist yet or refuses, so a
   * test can start the back-end and connect without a sleep.
   */
  public static VhostUserConnection connect(Path socket, Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        return new VhostUserConnection(TestNative.udsConnect(socket.toString()));
      } catch (NativeException e) {
        boolean notYet = e.errno() == Errno.ENOENT || e.errno() == ECONNREFUSED;
        if (!notYet || System.nanoTime() - deadline >= 0) {
          throw e;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while connecting to " + socket);
      }
    }
  }

  // --- framed messages ---

  /** Sends a message and its fds; does not wait for anything. */
  public synchronized void send(Message m) throws VhostUserException {
    note("-> " + describe(m));
    sendBytes(m.encode(), m.fds(), Request.nameOf(m.request()));
  }

  /**
   * Receives one message (header and the payload its size announces), with any fds, which the
   * caller then owns.
   */
  public synchronized Message receive(Duration timeout, String awaiting) throws VhostUserException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Integer> fds = new ArrayList<>();
    try {
      readFully(Message.HEADER_SIZE, deadline, fds, awaiting);
      ByteBuffer h = recvBuf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      int request = h.getInt(0);
      int flags = h.getInt(4);
      int size = h.getInt(8);
      if (size < 0 || size > MAX_REPLY_PAYLOAD) {
        throw new VhostUserException(
            VhostUserException.Reason.PROTOCOL,
            "back-end sent "
                + Request.nameOf(request)
                + " with payload size "
                + Integer.toUnsignedString(size)
                + " while we awaited "
                + awaiting);
      }
      readFully(size, deadline, fds, awaiting);
      byte[] payload = new byte[size];
      recvBuf.get(0, payload);
      Message m =
          new Message(request, flags, payload, fds.stream().mapToInt(Integer::intValue).toArray());
      note("<- " + describe(m));
      return m;
    } catch (VhostUserException e) {
      fds.forEach(Native::close);
      throw e;
    }
  }

  /**
   * Sends a request and receives its reply, checking that the reply is marked as one, has version
   * 1, names the same request and carries no fds.
   */
  public synchronized Message call(Message request, Duration timeout) throws VhostUserException {
    send(request);
    String name = Request.nameOf(request.request());
    Message reply = receive(timeout, "the reply to " + name);
    checkReply(reply, request.request());
    return reply;
  }

  static void checkReply(Message reply, int request) throws VhostUserException {
    String name = Request.nameOf(request);
    String problem = null;
    if (reply.request() != request) {
      problem = "names " + Request.nameOf(reply.request());
    } else if ((reply.flags() & FeatureBits.HEADER_REPLY) == 0) {
      problem = "lacks the REPLY flag (flags 0x" + Integer.toHexString(reply.flags()) + ")";
    } else if ((reply.flags() & FeatureBits.HEADER_VERSION_MASK) != FeatureBits.HEADER_VERSION) {
      problem = "has version " + (reply.flags() & FeatureBits.HEADER_VERSION_MASK);
    } else if (reply.fds().length != 0) {
      problem = "carries " + reply.fds().length + " fds";
    }
    if (problem != null) {
      for (int f : reply.fds()) {
        Native.close(f);
      }
      throw new VhostUserException(
          VhostUserException.Reason.PROTOCOL, "reply to " + name + " " + problem);
    }
  }

  // --- raw access, for hostile-input tests ---

  /** Sends arbitrary bytes with arbitrary fds (at most {@link #MAX_FDS}) in one sendmsg. */
  public synchronized void sendRaw(byte[] bytes, int... fds) throws VhostUserException {
    note("-> raw " + bytes.length + " bytes, " + fds.length + " fds: " + hexHead(bytes));
    sendBytes(bytes, fds, "raw bytes");
  }

  /**
   * Waits up to {@code timeout} for the back-end to send something, then returns what one read gets
   * (at most 64 KiB), or that the back-end closed the connection.
   */
  public synchronized RawReceive receiveRaw(Duration timeout) throws VhostUserException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int[] fds = newFdSlots();
    try {
      if (!waitReadable(deadline)) {
        return new RawReceive(new byte[0], new int[0], false);
      }
      int n = Native.udsRecv(fd, recvBuf, 0, RAW_READ_MAX, fds);
      int[] got = Arrays.stream(fds).filter(f -> f >= 0).toArray();
      if (n == 0) {
        peerClosed = true;
      }
      byte[] bytes = new byte[n];
      recvBuf.get(0, bytes);
      note("<- raw " + n + " bytes, " + got.length + " fds" + (n == 0 ? " (closed)" : ""));
      return new RawReceive(bytes, got, n == 0);
    } catch (NativeException e) {
      if (isDisconnect(e)) {
        peerClosed = true;
        return new RawReceive(new byte[0], new int[0], true);
      }
      throw new VhostUserException(VhostUserException.Reason.PROTOCOL, e.getMessage(), e);
    }
  }

  /**
   * Waits until the back-end closes the connection, discarding (and closing) whatever it sends
   * meanwhile.
   *
   * @return true if it closed within the timeout
   */
  public synchronized boolean awaitClosed(Duration timeout) throws VhostUserException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!peerClosed) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      RawReceive r = receiveRaw(left);
      for (int f : r.fds()) {
        Native.close(f);
      }
      if (r.timedOut()) {
        return false;
      }
    }
    return true;
  }

  /** Whether a read has seen the back-end close the connection. */
  public synchronized boolean peerClosed() {
    return peerClosed;
  }

  /** The last messages sent and received, oldest first, for failure messages. */
  public synchronized List<String> transcript() {
    return List.copyOf(transcript);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Native.close(fd);
    }
  }

  // --- internals ---

  private void sendBytes(byte[] bytes, int[] fds, String what) throws VhostUserException {
    if (fds.length > MAX_FDS) {
      throw new IllegalArgumentException("at most " + MAX_FDS + " fds per message");
    }
    if (closed) {
      throw new VhostUserException(VhostUserException.Reason.CLOSED, "connection already closed");
    }
    if (sendBuf.capacity() < bytes.length) {
      sendBuf = ByteBuffer.allocateDirect(Math.max(bytes.length, 2 * sendBuf.capacity()));
    }
    sendBuf.put(0, bytes);
    try {
      // fds travel with the first chunk only, as with any sendmsg-based sender
      int sent = Native.udsSend(fd, sendBuf, 0, bytes.length, fds, fds.length);
      while (sent < bytes.length) {
        sent += Native.udsSend(fd, sendBuf, sent, bytes.length - sent, NO_FDS, 0);
      }
    } catch (NativeException e) {
      if (isDisconnect(e)) {
        peerClosed = true;
        throw new VhostUserException(
            VhostUserException.Reason.CLOSED,
            "back-end closed the connection; sending " + what + " failed: " + e.getMessage(),
            e);
      }
      throw new VhostUserException(
          VhostUserException.Reason.PROTOCOL, "sending " + what + ": " + e.getMessage(), e);
    }
  }

  private void readFully(int len, long deadline, List<Integer> fds, String awaiting)
      throws VhostUserException {
    int got = 0;
    int[] slots = newFdSlots();
    while (got < len) {
      if (!waitReadable(deadline)) {
        throw new VhostUserException(
            VhostUserException.Reason.TIMEOUT,
            "timed out waiting for " + awaiting + " (" + got + " of " + len + " bytes read)");
      }
      int n;
      try {
        n = Native.udsRecv(fd, recvBuf, got, len - got, slots);
      } catch (NativeException e) {
        if (isDisconnect(e)) {
          peerClosed = true;
          throw new VhostUserException(
              VhostUserException.Reason.CLOSED,
              "connection broke while waiting for " + awaiting + ": " + e.getMessage(),
              e);
        }
        throw new VhostUserException(
            VhostUserException.Reason.PROTOCOL, "receiving " + awaiting + ": " + e.getMessage(), e);
      }
      for (int f : slots) {
        if (f >= 0) {
          fds.add(f);
        }
      }
      if (n == 0) {
        peerClosed = true;
        throw new VhostUserException(
            VhostUserException.Reason.CLOSED,
            "back-end closed the connection while we waited for " + awaiting);
      }
      got += n;
    }
  }

  /** Polls until readable (or hung up) or the deadline passes; returns false on timeout. */
  private boolean waitReadable(long deadline) throws VhostUserException {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        // one last non-blocking look, so a zero timeout still sees what is already there
        return pollOnce(0);
      }
      if (pollOnce((int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000)))) {
        return true;
      }
    }
  }

  private boolean pollOnce(int timeoutMs) throws VhostUserException {
    try {
      return TestNative.pollIn(fd, timeoutMs) != 0;
    } catch (NativeException e) {
      throw new VhostUserException(VhostUserException.Reason.PROTOCOL, e.getMessage(), e);
    }
  }

  private static int[] newFdSlots() {
    int[] slots = new int[MAX_FDS];
    Arrays.fill(slots, -1);
    return slots;
  }

  private static boolean isDisconnect(NativeException e) {
    return e.errno() == Errno.EPIPE || e.errno() == Errno.ECONNRESET;
  }

  private void note(String line) {
    if (transcript.size() == TRANSCRIPT_LINES) {
      transcript.removeFirst();
    }
    transcript.addLast(line);
  }

  private static String describe(Message m) {
    return m + (m.size() > 0 ? " [" + hexHead(m.payload()) + "]" : "");
  }

  private static String hexHead(byte[] b) {
    int n = Math.min(b.length, 24);
    return HEX.formatHex(b, 0, n) + (b.length > n ? " ..." : "");
  }
}
