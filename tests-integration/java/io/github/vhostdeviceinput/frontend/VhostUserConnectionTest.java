// Checks replies, timeouts, disconnects, NACKs and raw access of the connection over real sockets.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VhostUserConnectionTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  @TempDir Path dir;

  private VhostUserClient client(PeerBackend peer, Duration timeout) throws Exception {
    return new VhostUserClient(VhostUserConnection.connect(peer.socket(), SHORT), timeout);
  }

  @Test
  void callChecksTheReplyAndReturnsIt() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, Map.of())) {
      VhostUserClient c = client(peer, SHORT);
      try (VhostUserConnection conn = c.connection()) {
        assertEquals(peer.features, c.getFeatures());
        assertEquals(2, c.getQueueNum());
        assertTrue(conn.transcript().get(0).startsWith("-> GET_FEATURES"));
        assertTrue(conn.transcript().get(1).startsWith("<- GET_FEATURES flags=0x5 size=8"));
      }
    }
  }

  @Test
  void aSilentBackEndTimesOutWithinTheTimeout() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, Map.of())) {
      peer.silent = true;
      VhostUserClient c = client(peer, SHORT);
      try (VhostUserConnection conn = c.connection()) {
        long t0 = System.nanoTime();
        VhostUserException e = assertThrows(VhostUserException.class, c::getFeatures);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(VhostUserException.Reason.TIMEOUT, e.reason());
        assertTrue(e.getMessage().contains("reply to GET_FEATURES"), e.getMessage());
        assertTrue(ms >= 250 && ms < 2000, "took " + ms + " ms");
        assertTrue(conn.receiveRaw(Duration.ofMillis(50)).timedOut());
        assertFalse(conn.awaitClosed(Duration.ofMillis(50)));
      }
    }
  }

  @Test
  void aDisconnectIsReportedAsClosed() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, Map.of())) {
      peer.closeOnRequest = Request.GET_PROTOCOL_FEATURES.id();
      VhostUserClient c = client(peer, SHORT);
      try (VhostUserConnection conn = c.connection()) {
        c.getFeatures();
        VhostUserException e = assertThrows(VhostUserException.class, c::getProtocolFeatures);
        assertEquals(VhostUserException.Reason.CLOSED, e.reason());
        assertTrue(conn.peerClosed());
        assertTrue(conn.awaitClosed(SHORT));
        VhostUserException send = assertThrows(VhostUserException.class, c::setOwner);
        assertEquals(VhostUserException.Reason.CLOSED, send.reason());
      }
    }
  }

  @Test
  void aReplyForAnotherRequestIsAProtocolError() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, Map.of())) {
      peer.wrongReplyId = true;
      VhostUserClient c = client(peer, SHORT);
      try {
        VhostUserException e = assertThrows(VhostUserException.class, c::getFeatures);
        assertEquals(VhostUserException.Reason.PROTOCOL, e.reason());
        assertTrue(e.getMessage().contains("names SET_FEATURES"), e.getMessage());
      } finally {
        c.connection().close();
      }
    }
  }

  @Test
  void replyAckSetsNeedReplyAndANonZeroAckIsANack() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, Map.of())) {
      peer.nackRequest = Request.SET_OWNER.id();
      VhostUserClient c = client(peer, SHORT);
      try {
        c.setProtocolFeatures(FeatureBits.PROTOCOL_F_REPLY_ACK | FeatureBits.PROTOCOL_F_CONFIG);
        c.useReplyAck(true);
        c.setVringNum(0, 4); // acked with 0
        VhostUserException e = assertThrows(VhostUserException.class, c::setOwner);
        assertEquals(VhostUserException.Reason.NACK, e.reason());
        assertEquals(2, c.getQueueNum(), "requests with their own reply go out unchanged");
        var flags = peer.received().stream().map(Message::flags).toList();
        assertEquals(java.util.List.of(1, 9, 9, 1), flags);
      } finally {
        c.connection().close();
      }
    }
  }

  @Test
  void rawBytesGoOutAsGivenAndAHostileHeaderGetsTheBackEndToHangUp() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, Map.of())) {
      VhostUserClient c = client(peer, SHORT);
      try (VhostUserConnection conn = c.connection()) {
        int efd = TestNative.eventfdCreate();
        try {
          conn.sendRaw(
              Messages.frame(Request.SET_VRING_CALL.id(), 1, 8, Messages.vringFd(0, false)), efd);
        } finally {
          Native.close(efd);
        }
        assertTrue(peer.awaitReceived(l -> l.size() == 1, Duration.ofSeconds(2)));
        Message m = peer.received().get(0);
        assertEquals(Request.SET_VRING_CALL.id(), m.request());
        assertEquals(1, m.fds().length);
        // a size the peer will not read: it hangs up, and the front-end sees that
        conn.sendRaw(Messages.frame(99, 1, 0x7fff_0000, new byte[0]));
        assertTrue(conn.awaitClosed(Duration.ofSeconds(2)));
        assertTrue(conn.receiveRaw(SHORT).closed());
      }
    }
  }

  @Test
  void anAbsurdReplySizeIsAProtocolErrorAndReceiveRawSeesBytesAndFds() throws Exception {
    Path sock = dir.resolve("raw.sock");
    int listenFd = Native.udsListen(sock.toString());
    int peer = -1;
    try (VhostUserConnection conn = VhostUserConnection.connect(sock, SHORT)) {
      TestNative.pollIn(listenFd, 2000);
      peer = TestNative.udsAccept(listenFd);
      rawSend(peer, Messages.frame(1, 5, 0x7fff_ffff, new byte[0]));
      VhostUserException e =
          assertThrows(VhostUserException.class, () -> conn.receive(SHORT, "anything"));
      assertEquals(VhostUserException.Reason.PROTOCOL, e.reason());
      assertTrue(e.getMessage().contains("payload size 2147483647"), e.getMessage());

      int efd = TestNative.eventfdCreate();
      try {
        ByteBuffer b = ByteBuffer.allocateDirect(3).put(0, new byte[] {7, 8, 9});
        Native.udsSend(peer, b, 0, 3, new int[] {efd}, 1);
      } finally {
        Native.close(efd);
      }
      RawReceive r = conn.receiveRaw(SHORT);
      assertArrayEquals(new byte[] {7, 8, 9}, r.bytes());
      assertEquals(1, r.fds().length);
      Native.close(r.fds()[0]);
    } finally {
      Native.close(peer);
      Native.close(listenFd);
    }
  }

  @Test
  void connectWaitsForTheSocketToAppear() throws Exception {
    Path sock = dir.resolve("late.sock");
    Thread later =
        new Thread(
            () -> {
              try {
                Thread.sleep(150);
                int fd = Native.udsListen(sock.toString());
                Thread.sleep(500);
                Native.close(fd);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    later.start();
    try (VhostUserConnection conn = VhostUserConnection.connect(sock, Duration.ofSeconds(3))) {
      assertFalse(conn.peerClosed());
    }
    later.join();
    NativeException e =
        assertThrows(
            NativeException.class,
            () -> VhostUserConnection.connect(dir.resolve("never.sock"), Duration.ofMillis(100)));
    assertEquals(2, e.errno());
  }

  private static void rawSend(int fd, byte[] bytes) throws NativeException {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(0, bytes);
    Native.udsSend(fd, b, 0, bytes.length, new int[0], 0);
  }
}
