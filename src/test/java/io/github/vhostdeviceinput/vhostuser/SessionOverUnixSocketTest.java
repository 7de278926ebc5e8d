// Tests the session over a real Unix socket, so fds travel by SCM_RIGHTS as they do from QEMU.
package io.github.vhostdeviceinput.vhostuser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.testjni.TestNative;
import io.github.vhostdeviceinput.virtio.InputConfig;
import io.github.vhostdeviceinput.virtio.TestDevices;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionOverUnixSocketTest {
  @TempDir Path dir;

  private int listener = -1;
  private int frontEnd = -1;
  private int backEnd = -1;
  private final RecordingDataPlane plane = new RecordingDataPlane();
  private final List<Integer> receivedFds = new ArrayList<>();
  private final ByteBuffer io = ByteBuffer.allocateDirect(512).order(ByteOrder.LITTLE_ENDIAN);

  /** The production shape of SocketIo: the native calls on the accepted fd. */
  private final SocketIo socketIo =
      new SocketIo() {
        @Override
        public int recv(ByteBuffer buf, int offset, int len, int[] fds) throws NativeException {
          int n = Native.udsRecv(backEnd, buf, offset, len, fds);
          for (int fd : fds) {
            if (fd >= 0) {
              receivedFds.add(fd);
            }
          }
          return n;
        }

        @Override
        public int send(ByteBuffer buf, int offset, int len) throws NativeException {
          return Native.udsSend(backEnd, buf, offset, len, new int[0], 0);
        }
      };

  @BeforeEach
  void connect() throws Exception {
    String path = dir.resolve("vhost.sock").toString();
    listener = Native.udsListen(path);
    frontEnd = TestNative.udsConnect(path);
    backEnd = TestNative.udsAccept(listener);
  }

  @AfterEach
  void close() {
    plane.closeOwned();
    Native.close(frontEnd);
    Native.close(backEnd);
    Native.close(listener);
  }

  private void frontEndSends(byte[] message, int... fds) throws NativeException {
    io.put(0, message);
    assertEquals(message.length, Native.udsSend(frontEnd, io, 0, message.length, fds, fds.length));
  }

  private byte[] frontEndReceives(int len) throws NativeException {
    int[] fds = new int[8];
    int got = 0;
    while (got < len) {
      int n = Native.udsRecv(frontEnd, io, got, len - got, fds);
      assertTrue(n > 0, "end of stream");
      got += n;
    }
    byte[] bytes = new byte[len];
    io.get(0, bytes);
    return bytes;
  }

  @Test
  void receivesFdsWithTheirMessageAndReplies() throws Exception {
    Session session =
        new Session("input0", socketIo, plane, InputConfig.from(TestDevices.keyboard()));
    int[] kick = TestFds.eventfds(1);
    frontEndSends(Wire.request(Request.GET_FEATURES, null));
    frontEndSends(Wire.request(Request.SET_VRING_KICK, new VringFile(1, false)), kick);
    frontEndSends(Wire.request(Request.GET_QUEUE_NUM, null));
    assertTrue(session.serviceOne());
    assertTrue(session.serviceOne());
    assertTrue(session.serviceOne());
    assertArrayEquals(
        Wire.hex("01000000 05000000 08000000 00000070 01000000"), frontEndReceives(20));
    assertArrayEquals(
        Wire.hex("11000000 05000000 08000000 0200000000000000"), frontEndReceives(20));
    assertEquals(List.of("setVringKick(1, fd)", "setVringEnable(1, true)"), plane.takeCalls());
    assertEquals(1, plane.ownedFds.size());
    TestFds.assertOpen(plane.ownedFds.get(0));
    TestFds.closeAll(kick);

    Native.close(frontEnd);
    frontEnd = -1;
    assertFalse(session.serviceOne());
    assertEquals(List.of("reset()"), plane.takeCalls());
  }

  @Test
  void closesTheFdsOfAMalformedMessage() throws Exception {
    Session session =
        new Session("input0", socketIo, plane, InputConfig.from(TestDevices.keyboard()));
    int[] fds = TestFds.eventfds(3);
    frontEndSends(Wire.request(Request.SET_VRING_CALL, new VringFile(0, false)), fds);
    TestFds.closeAll(fds);
    assertFalse(session.serviceOne());
    assertEquals(3, receivedFds.size());
    for (int fd : receivedFds) {
      TestFds.assertClosed(fd);
    }
  }
}
