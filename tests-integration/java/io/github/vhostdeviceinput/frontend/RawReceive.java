// What one raw read from the back-end socket produced: bytes, fds, or the end of the stream.
package io.github.vhostdeviceinput.frontend;

/**
 * The result of {@link VhostUserConnection#receiveRaw}.
 *
 * @param bytes the bytes read; empty on timeout or end of stream
 * @param fds fds received with them; the caller owns and must close them
 * @param closed true if the back-end closed the connection
 */
public record RawReceive(byte[] bytes, int[] fds, boolean closed) {
  public RawReceive {
    bytes = bytes.clone();
    fds = fds.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public int[] fds() {
    return fds.clone();
  }

  public boolean timedOut() {
    return bytes.length == 0 && !closed;
  }
}
