// End to end inside the JVM: SET_MEM_TABLE with memfd fds over a real socket, mapped by a peer.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemfdPlumbingTest {
  @TempDir Path dir;

  @Test
  void peerMapsTheRegionsItIsSentAndSharesBytesBothWays() throws Exception {
    Path sock = dir.resolve("plumb.sock");
    int listenFd = Native.udsListen(sock.toString());
    List<Integer> peerFds = new ArrayList<>();
    try (VhostUserConnection conn = VhostUserConnection.connect(sock, Duration.ofSeconds(2));
        GuestMemory mem = GuestMemory.create(2, 64 * 1024)) {
      assertTrue(TestNative.pollIn(listenFd, 2000) != 0);
      int peer = TestNative.udsAccept(listenFd);
      peerFds.add(peer);

      byte[] hello = "written by the guest".getBytes(StandardCharsets.US_ASCII);
      long gpa = mem.allocate(1, hello.length, 16);
      mem.write(gpa, hello);
      new VhostUserClient(conn, Duration.ofSeconds(2)).setMemTable(mem.regions(), mem.regionFds());

      // the peer reads the message: 12-byte header, 8 + 2 * 32 payload bytes, two fds
      ByteBuffer in = ByteBuffer.allocateDirect(256);
      int[] fds = new int[8];
      int got = 0;
      List<Integer> received = new ArrayList<>();
      while (got < 12 + 72) {
        Arrays.fill(fds, -1);
        assertTrue(TestNative.pollIn(peer, 2000) != 0);
        got += Native.udsRecv(peer, in, got, 12 + 72 - got, fds);
        Arrays.stream(fds).filter(f -> f >= 0).forEach(received::add);
      }
      peerFds.addAll(received);
      ByteBuffer le = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(Request.SET_MEM_TABLE.id(), le.getInt(0));
      assertEquals(72, le.getInt(8));
      assertEquals(2, le.getInt(12));
      assertEquals(2, received.size(), "one fd per region");
      assertNotEquals(received.get(0), received.get(1), "each SCM_RIGHTS fd arrives as its own");
      for (int fd : received) {
        assertTrue(
            Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd))
                .toString()
                .startsWith("/memfd:vdi-test-guest-ram"));
      }

      // region 1: gpa, size, uaddr, mmap offset; map it the way a back-end does
      long rGpa = le.getLong(20 + 32);
      long rSize = le.getLong(20 + 32 + 8);
      long rUaddr = le.getLong(20 + 32 + 16);
      long rOffset = le.getLong(20 + 32 + 24);
      assertEquals(mem.regions().get(1), new MemoryRegionEntry(rGpa, rSize, rUaddr, rOffset));
      assertNotEquals(rGpa, rUaddr);
      assertEquals(64 * 1024, rOffset, "the second region starts inside the memfd");
      ByteBuffer map;
      try (FileChannel ch =
          FileChannel.open(
              Path.of("/proc/self/fd/" + received.get(1)),
              StandardOpenOption.READ,
              StandardOpenOption.WRITE)) {
        map = ch.map(FileChannel.MapMode.READ_WRITE, rOffset, rSize);
      }
      byte[] seen = new byte[hello.length];
      map.get((int) (gpa - rGpa), seen);
      assertArrayEquals(hello, seen);

      // and back: what the peer writes, the front-end reads at the same gpa
      byte[] answer = "written by the back-end".getBytes(StandardCharsets.US_ASCII);
      map.put((int) (gpa - rGpa), answer);
      assertArrayEquals(answer, mem.read(gpa, answer.length));
    } finally {
      peerFds.forEach(Native::close);
      Native.close(listenFd);
    }
  }

  @Test
  void addressesTranslateByRegionAndRejectWhatLiesOutside() throws Exception {
    try (GuestMemory mem = GuestMemory.create(3, 16 * 1024)) {
      for (int i = 0; i < 3; i++) {
        MemoryRegionEntry r = mem.regions().get(i);
        assertEquals(i * 16 * 1024L, r.mmapOffset());
        assertEquals((int) r.mmapOffset() + 100, mem.offsetOfGpa(r.guestPhysAddr() + 100, 8));
        assertEquals(r.userAddr() + 100, mem.userAddrOfGpa(r.guestPhysAddr() + 100));
        assertEquals((int) r.mmapOffset() + 100, mem.offsetOfUserAddr(r.userAddr() + 100, 8));
        for (int j = 0; j < i; j++) {
          MemoryRegionEntry o = mem.regions().get(j);
          assertNotEquals(
              r.userAddr() - r.guestPhysAddr(),
              o.userAddr() - o.guestPhysAddr(),
              "every region has its own gpa-to-uaddr distance");
        }
      }
      MemoryRegionEntry last = mem.regions().get(2);
      assertThrows(
          IllegalArgumentException.class,
          () -> mem.offsetOfGpa(last.guestPhysAddr() + last.size() - 4, 8));
      assertThrows(IllegalArgumentException.class, () -> mem.offsetOfGpa(0, 1));
      long a = mem.allocate(0, 100, 4096);
      assertEquals(mem.regions().get(0).guestPhysAddr() + 4096, a, "the first page stays free");
      assertThrows(IllegalStateException.class, () -> mem.allocate(0, 16 * 1024, 16));
    }
  }
}
