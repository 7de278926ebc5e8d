// Checks that close() never hangs and leaves no socket, memfd or eventfd of the front-end open.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontendLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;

  /** Open fds of this process that are sockets, memfds or eventfds: fd number to target. */
  private static Map<Integer, String> ourKindOfFds() throws IOException {
    Map<Integer, String> fds = new HashMap<>();
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      for (Path p : s.toList()) {
        try {
          String target = Files.readSymbolicLink(p).toString();
          if (target.startsWith("socket:")
              || target.startsWith("/memfd:")
              || target.equals("anon_inode:[eventfd]")) {
            fds.put(Integer.parseInt(p.getFileName().toString()), target);
          }
        } catch (IOException gone) {
          // the fd of the directory listing itself, closed meanwhile
        }
      }
    }
    return fds;
  }

  private void fullSession(boolean cleanStop) throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), FrontendOptions.qemu10())) {
      fe.start();
      peer.deliver(InputEvent.of(1, 30, 1), InputEvent.of(0, 0, 0));
      fe.awaitEvents(2, WAIT);
      fe.sendStatus(VirtioInput.EV_LED, VirtioInput.LED_NUML, 1).awaitReturned(WAIT);
      if (cleanStop) {
        fe.stop();
      }
    }
  }

  @Test
  void closeReleasesEveryFdTheFrontEndCreated() throws Exception {
    fullSession(true); // loads classes and lets the JDK open whatever it keeps open
    Map<Integer, String> before = ourKindOfFds();
    fullSession(false);
    fullSession(true);
    Map<Integer, String> after = ourKindOfFds();
    after.keySet().removeAll(before.keySet());
    assertEquals(Map.of(), after, "fds left open");
  }

  @Test
  void closeOnAnUnresponsiveBackEndReturnsPromptly() throws Exception {
    Map<Integer, String> before = ourKindOfFds();
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice())) {
      TestFrontend fe =
          TestFrontend.connect(
              peer.socket(), FrontendOptions.qemu10().withReplyTimeout(Duration.ofMillis(200)));
      peer.silent = true;
      VhostUserException e = assertThrows(VhostUserException.class, fe::start);
      assertEquals(VhostUserException.Reason.TIMEOUT, e.reason());
      long t0 = System.nanoTime();
      fe.close();
      fe.close();
      assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "close took too long");
    }
    Map<Integer, String> after = ourKindOfFds();
    after.keySet().removeAll(before.keySet());
    assertEquals(Map.of(), after, "fds left open");
  }

  @Test
  void closeWhileTheBackEndKeepsDeliveringReturnsPromptly() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice())) {
      TestFrontend fe =
          TestFrontend.connect(peer.socket(), FrontendOptions.qemu10().withProbeConfig(false));
      fe.start();
      InputEvent[] many = new InputEvent[2000];
      Arrays.fill(many, InputEvent.of(2, 0, -1));
      peer.deliver(many);
      fe.awaitEvents(10, WAIT);
      long t0 = System.nanoTime();
      fe.close();
      assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "close took too long");
      assertThrows(IllegalStateException.class, fe::start);
    }
  }

  @Test
  void stopAfterTheBackEndDiedFailsAsClosedAndStillCloses() throws Exception {
    Map<Integer, String> before = ourKindOfFds();
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice())) {
      TestFrontend fe =
          TestFrontend.connect(peer.socket(), FrontendOptions.qemu10().withProbeConfig(false));
      fe.start();
      peer.closeOnRequest = Request.SET_VRING_ENABLE.id();
      VhostUserException e = assertThrows(VhostUserException.class, fe::stop);
      assertEquals(VhostUserException.Reason.CLOSED, e.reason());
      assertTrue(fe.connection().peerClosed());
    }
    Map<Integer, String> after = ourKindOfFds();
    after.keySet().removeAll(before.keySet());
    assertEquals(Map.of(), after, "fds left open");
  }
}
