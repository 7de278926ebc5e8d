// Unix socket plumbing for the QEMU harness: listen, accept with a deadline, and stream adapters.
package io.github.vhostdeviceinput.guest;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Helpers around Unix domain socket channels. */
final class UnixSockets {
  private UnixSockets() {}

  /** A server socket listening at path. */
  static ServerSocketChannel listen(Path path) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    return server;
  }

  /**
   * Accepts one connection, giving up at the timeout or as soon as alive says false.
   *
   * @return a blocking channel
   */
  static SocketChannel accept(
      ServerSocketChannel server, Duration timeout, BooleanSupplier alive, String what)
      throws IOException {
    server.configureBlocking(false);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      SocketChannel channel = server.accept();
      if (channel != null) {
        channel.configureBlocking(true);
        return channel;
      }
      if (!alive.getAsBoolean()) {
        throw new GuestException("QEMU exited before connecting " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new GuestException("QEMU did not connect " + what + " within " + timeout);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GuestException("interrupted while waiting for QEMU to connect " + what, e);
      }
    }
  }

  /**
   * An InputStream that reads the channel directly. Channels.newInputStream would hold the
   * channel's blocking lock while it waits, which blocks writers from other threads (JDK 17).
   */
  static InputStream inputStream(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        return channel.read(ByteBuffer.wrap(b, off, len));
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  /** Writes all of data to a blocking channel. */
  static void writeFully(SocketChannel channel, byte[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
