// Tests message framing on the stream: partial reads, fds, truncation, oversize and socket errors.
package io.github.vhostdeviceinput.vhostuser;

import static io.github.vhostdeviceinput.vhostuser.Wire.FLAGS;
import static io.github.vhostdeviceinput.vhostuser.Wire.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.nativeio.Errno;
import io.github.vhostdeviceinput.nativeio.NativeException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageReaderTest {
  private final FakeSocket socket = new FakeSocket();
  private final MessageReader reader = new MessageReader(socket);
  private int[] fds = new int[0];

  @AfterEach
  void closeFds() {
    TestFds.closeAll(fds);
  }

  private static byte[] kick(int queue) {
    return Wire.request(Request.SET_VRING_KICK, new VringFile(queue, false));
  }

  @Test
  void readsAMessageDeliveredOneByteAtATime() throws Exception {
    fds = TestFds.eventfds(1);
    socket.maxRecv = 1;
    socket.feed(kick(1), fds);
    Message m = reader.read();
    assertEquals(Request.SET_VRING_KICK, m.request());
    assertEquals(new VringFile(1, false), m.payload());
    assertArrayEquals(fds, m.fds());
  }

  @Test
  void readsBackToBackMessagesExactly() throws Exception {
    byte[] first = Wire.request(Request.SET_VRING_NUM, new VringState(0, 4));
    byte[] second = Wire.request(Request.GET_FEATURES, null);
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    socket.feed(both);
    assertEquals(new VringState(0, 4), reader.read().payload());
    assertEquals(Request.GET_FEATURES, reader.read().request());
    assertNull(reader.read());
    assertEquals(List.of(12, 8, 12, 12), socket.recvLengths);
  }

  @Test
  void acceptsFdsThatArriveWithThePayload() throws Exception {
    fds = TestFds.eventfds(1);
    byte[] wire = kick(0);
    socket.feed(Arrays.copyOf(wire, Header.SIZE));
    socket.feed(Arrays.copyOfRange(wire, Header.SIZE, wire.length), fds);
    assertArrayEquals(fds, reader.read().fds());
  }

  @Test
  void returnsNullAtEndOfStreamBetweenMessages() throws Exception {
    assertNull(reader.read());
  }

  @Test
  void rejectsAStreamEndingInsideTheHeaderAndClosesItsFds() throws Exception {
    fds = TestFds.eventfds(1);
    socket.feed(Arrays.copyOf(kick(0), 5), fds);
    ProtocolException e = assertThrows(ProtocolException.class, reader::read);
    assertTrue(e.fatal());
    assertEquals("message header: end of stream after 5 of 12 bytes", e.getMessage());
    TestFds.assertClosed(fds);
  }

  @Test
  void rejectsAStreamEndingInsideThePayloadAndClosesItsFds() throws Exception {
    fds = TestFds.eventfds(1);
    socket.feed(Arrays.copyOf(kick(0), 15), fds);
    ProtocolException e = assertThrows(ProtocolException.class, reader::read);
    assertTrue(e.fatal());
    assertEquals("SET_VRING_KICK: end of stream after 3 of 8 payload bytes", e.getMessage());
    TestFds.assertClosed(fds);
  }

  @Test
  void rejectsAnOversizedPayloadBeforeReadingIt() throws Exception {
    fds = TestFds.eventfds(1);
    byte[] wire = message(Request.GET_CONFIG.id, FLAGS, new byte[4000]);
    socket.feed(wire, fds);
    ProtocolException e = assertThrows(ProtocolException.class, reader::read);
    assertTrue(e.fatal());
    assertEquals("GET_CONFIG: payload of 4000 bytes, expected 12 to 268", e.getMessage());
    assertEquals(List.of(Header.SIZE), socket.recvLengths);
    TestFds.assertClosed(fds);
  }

  @Test
  void rejectsMoreThanEightFdsAcrossReadsAndClosesAll() throws Exception {
    fds = TestFds.eventfds(10);
    byte[] wire = kick(0);
    socket.feed(Arrays.copyOf(wire, Header.SIZE), Arrays.copyOf(fds, 5));
    socket.feed(Arrays.copyOfRange(wire, Header.SIZE, wire.length), Arrays.copyOfRange(fds, 5, 10));
    ProtocolException e = assertThrows(ProtocolException.class, reader::read);
    assertTrue(e.fatal());
    assertEquals("SET_VRING_KICK: more than 8 fds", e.getMessage());
    TestFds.assertClosed(fds);
  }

  @Test
  void closesFdsWhenTheSocketFailsMidMessage() throws Exception {
    fds = TestFds.eventfds(1);
    socket.feed(Arrays.copyOf(kick(0), Header.SIZE), fds);
    NativeException failure = NativeException.of("receive", Errno.ETIMEDOUT);
    socket.recvFailure = failure;
    assertSame(failure, assertThrows(NativeException.class, reader::read));
    TestFds.assertClosed(fds);
  }
}
