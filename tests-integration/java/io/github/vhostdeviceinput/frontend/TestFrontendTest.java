// Runs the whole front-end against the in-JVM peer: sequence, events, status, backpressure, stop.
package io.github.vhostdeviceinput.frontend;

import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_KEY;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_LED;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_REL;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_SYN;
import static io.github.vhostdeviceinput.frontend.VirtioInput.KEY_A;
import static io.github.vhostdeviceinput.frontend.VirtioInput.LED_CAPSL;
import static io.github.vhostdeviceinput.frontend.VirtioInput.REL_X;
import static io.github.vhostdeviceinput.frontend.VirtioInput.REL_Y;
import static io.github.vhostdeviceinput.frontend.VirtioInput.SYN_REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestFrontendTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;

  /** A frame longer than a 4-entry ring, with negative relative motion. */
  private static List<InputEvent> tenEvents() {
    return List.of(
        InputEvent.of(EV_KEY, KEY_A, 1),
        InputEvent.of(EV_REL, REL_X, -1),
        InputEvent.of(EV_REL, REL_Y, -32768),
        InputEvent.of(EV_REL, REL_X, 5),
        InputEvent.of(EV_REL, REL_Y, Integer.MIN_VALUE),
        InputEvent.of(EV_REL, REL_X, Integer.MAX_VALUE),
        InputEvent.of(EV_KEY, KEY_A, 0),
        InputEvent.of(EV_KEY, KEY_A, 2),
        InputEvent.of(EV_REL, REL_Y, 7),
        InputEvent.of(EV_SYN, SYN_REPORT, 0));
  }

  private static List<InputEvent> untimed(List<InputEvent> events) {
    return events.stream().map(InputEvent::withoutTime).toList();
  }

  @Test
  void qemu10SequenceMessageByMessage() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), FrontendOptions.qemu10())) {
      fe.start();
      ConfigProberTest.assertSampleDevice(fe.config(), true);
      assertTrue(fe.negotiated().eventIdx());
      assertTrue(fe.negotiated().replyAck());
      assertEquals(2, fe.negotiated().queueNum());
      assertEquals(
          FeatureBits.PROTOCOL_F_MQ
              | FeatureBits.PROTOCOL_F_REPLY_ACK
              | FeatureBits.PROTOCOL_F_CONFIG,
          fe.negotiated().ackedProtocolFeatures());
      List<RingState> states = fe.stop();
      assertEquals(2, states.size());

      List<String> names = new ArrayList<>(peer.requestNames());
      names.removeIf(n -> n.equals("GET_CONFIG") || n.equals("SET_CONFIG"));
      assertEquals(
          List.of(
              "GET_FEATURES",
              "GET_PROTOCOL_FEATURES",
              "SET_PROTOCOL_FEATURES",
              "GET_QUEUE_NUM",
              "SET_OWNER",
              "SET_VRING_CALL",
              "SET_VRING_ERR",
              "SET_VRING_CALL",
              "SET_VRING_ERR",
              "SET_FEATURES",
              "SET_MEM_TABLE",
              "SET_VRING_NUM",
              "SET_VRING_BASE",
              "SET_VRING_ADDR",
              "SET_VRING_KICK",
              "SET_VRING_CALL",
              "SET_VRING_NUM",
              "SET_VRING_BASE",
              "SET_VRING_ADDR",
              "SET_VRING_KICK",
              "SET_VRING_CALL",
              "SET_VRING_ENABLE",
              "SET_VRING_ENABLE",
              "SET_VRING_ENABLE",
              "SET_VRING_ENABLE",
              "GET_VRING_BASE",
              "GET_VRING_BASE"),
          names);
      // the config probe sits between the early CALL/ERR and SET_FEATURES
      List<String> all = peer.requestNames();
      int firstConfig = all.indexOf("SET_CONFIG");
      assertEquals("SET_VRING_ERR", all.get(firstConfig - 1));
      assertEquals("SET_FEATURES", all.get(all.lastIndexOf("GET_CONFIG") + 1));

      List<Message> msgs = peer.received();
      for (int i = 0; i < msgs.size(); i++) {
        Message m = msgs.get(i);
        boolean afterProtocolFeatures = i > 2;
        boolean ownReply = Request.of(m.request()).hasReply();
        int expected = afterProtocolFeatures && !ownReply ? 9 : 1;
        assertEquals(expected, m.flags(), "flags of " + m);
      }
      Message memTable =
          msgs.stream()
              .filter(m -> m.request() == Request.SET_MEM_TABLE.id())
              .findFirst()
              .orElseThrow();
      assertEquals(2, memTable.fds().length, "one fd per region");
      assertEquals(8 + 2 * 32, memTable.size());
    }
  }

  static Stream<Arguments> rings() {
    List<Arguments> all = new ArrayList<>();
    for (int size : new int[] {4, 64, 256}) {
      for (boolean eventIdx : new boolean[] {true, false}) {
        all.add(Arguments.of(size, eventIdx, 0));
      }
    }
    all.add(Arguments.of(4, true, 65533)); // 16-bit wrap during the test
    all.add(Arguments.of(4, false, 65535));
    all.add(Arguments.of(64, true, 65500));
    return all.stream();
  }

  @ParameterizedTest(name = "ring {0}, EVENT_IDX {1}, start index {2}")
  @MethodSource("rings")
  void eventsStreamThroughTheRingInOrder(int size, boolean eventIdx, int base) throws Exception {
    FrontendOptions o =
        FrontendOptions.qemu10()
            .withRingSize(size)
            .withEventIdx(eventIdx)
            .withInitialRingIndex(base)
            .withProbeAllEventTypes(false);
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), o)) {
      fe.start();
      assertEquals(eventIdx, fe.negotiated().eventIdx());
      peer.deliver(tenEvents().toArray(new InputEvent[0]));
      List<InputEvent> got = fe.awaitEvents(10, WAIT);
      assertEquals(tenEvents(), untimed(got));
      for (int i = 1; i < got.size(); i++) {
        assertTrue(got.get(i).nanoTime() >= got.get(i - 1).nanoTime());
      }
      peer.deliver(InputEvent.of(EV_KEY, KEY_A, 1));
      fe.awaitEvents(11, WAIT);
      fe.clearEvents();
      assertEquals(List.of(), fe.events());

      PendingStatus led = fe.sendStatus(EV_LED, LED_CAPSL, 1);
      assertEquals(0, led.awaitReturned(WAIT));
      assertEquals(List.of(InputEvent.of(EV_LED, LED_CAPSL, 1)), untimed(peer.statusEvents()));

      QueueCounters ev = fe.counters(TestFrontend.EVENT_QUEUE);
      assertEquals(11, ev.usedEntries());
      assertTrue(ev.calls() >= 1 && ev.calls() <= 11, ev.toString());
      assertEquals(Math.min(size, 64) + 11, ev.buffersPosted());
      assertTrue(ev.kicks() >= 1, ev.toString());
      assertEquals(List.of(), fe.violations());

      List<RingState> states = fe.stop();
      RingState e = states.get(0);
      assertEquals((base + 11) & 0xffff, e.backendBase(), "the peer pops one buffer per event");
      assertEquals((base + Math.min(size, 64) + 11) & 0xffff, e.availIdx());
      assertEquals((base + 11) & 0xffff, e.usedIdx());
      assertEquals(e.usedIdx(), e.lastUsedIdx());
      RingState s = states.get(1);
      assertEquals((base + 1) & 0xffff, s.backendBase());
      assertEquals(s.availIdx(), s.usedIdx());
    }
  }

  @Test
  void pausedConsumptionFillsTheRingThenResumeDrainsTheBacklog() throws Exception {
    FrontendOptions o = FrontendOptions.qemu10().withProbeConfig(false);
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), o)) {
      fe.start();
      fe.pauseEvents();
      peer.deliver(tenEvents().toArray(new InputEvent[0]));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (fe.ring(TestFrontend.EVENT_QUEUE).usedIdx() != 4 && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertEquals(4, fe.ring(TestFrontend.EVENT_QUEUE).usedIdx(), "the ring of 4 is full");
      Thread.sleep(50);
      assertEquals(List.of(), fe.events(), "nothing consumed while paused");
      assertEquals(4, fe.ring(TestFrontend.EVENT_QUEUE).usedIdx(), "and nothing more written");
      fe.resumeEvents();
      assertEquals(tenEvents(), untimed(fe.awaitEvents(10, WAIT)));
      assertEquals(List.of(), fe.violations());
    }
  }

  @Test
  void statusBuffersAreReusedOnceReturned() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe =
            TestFrontend.connect(peer.socket(), FrontendOptions.qemu10().withProbeConfig(false))) {
      fe.start();
      for (int i = 0; i < 12; i++) {
        assertEquals(0, fe.sendStatus(EV_LED, LED_CAPSL, i & 1).awaitReturned(WAIT));
      }
      assertEquals(12, peer.statusEvents().size());
      assertEquals(12, fe.counters(TestFrontend.STATUS_QUEUE).usedEntries());
      assertEquals(List.of(), fe.violations());
    }
  }

  @Test
  void aFullStatusQueueIsReportedNotBlocked() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe =
            TestFrontend.connect(peer.socket(), FrontendOptions.qemu10().withProbeConfig(false))) {
      fe.start();
      // the peer only services rings it has a kick fd for; GET_VRING_BASE takes it away
      fe.client().getVringBase(TestFrontend.STATUS_QUEUE);
      for (int i = 0; i < 4; i++) {
        fe.sendStatus(EV_LED, LED_CAPSL, 1);
      }
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> fe.sendStatus(EV_LED, LED_CAPSL, 0));
      assertTrue(e.getMessage().contains("status queue full"));
    }
  }

  @Test
  void wrongUsedEntriesBecomeViolationsAndTheEventIsStillDecodedAsLinuxWould() throws Exception {
    FrontendOptions o = FrontendOptions.qemu10().withProbeConfig(false).withEventBuffers(2);
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), o)) {
      fe.start();
      peer.injectUsed(TestFrontend.EVENT_QUEUE, 0, 4); // posted, wrong length
      peer.injectUsed(TestFrontend.EVENT_QUEUE, 3, 8); // never posted (2 buffers only)
      peer.injectUsed(TestFrontend.EVENT_QUEUE, 7, 8); // outside the ring
      List<InputEvent> got = fe.awaitEvents(1, WAIT);
      assertEquals(List.of(InputEvent.of(0xffff, 0xffff, -1)), untimed(got), "the poison");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (fe.violations().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      List<String> v = fe.violations().stream().map(RingViolation::what).toList();
      assertEquals(3, v.size(), v.toString());
      assertTrue(v.get(0).contains("used len 4, expected 8"));
      assertTrue(v.get(1).contains("descriptor 3, which is not posted"));
      assertTrue(v.get(2).contains("id 7, outside the ring of 4"));
    }
  }

  @Test
  void awaitEventsTimesOutWithDiagnostics() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe =
            TestFrontend.connect(peer.socket(), FrontendOptions.qemu10().withProbeConfig(false))) {
      fe.start();
      TimeoutException e =
          assertThrows(TimeoutException.class, () -> fe.awaitEvents(1, Duration.ofMillis(100)));
      assertTrue(e.getMessage().contains("got 0 of 1 events"), e.getMessage());
      assertTrue(e.getMessage().contains("event queue QueueCounters"), e.getMessage());
      assertTrue(e.getMessage().contains("SET_VRING_ENABLE"), e.getMessage());
    }
  }

  @Test
  void withoutReplyAckNoRequestAsksForOne() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), FrontendOptions.linuxByteAccess())) {
      fe.start();
      assertFalse(fe.negotiated().replyAck());
      ConfigProberTest.assertSampleDevice(fe.config(), true);
      peer.deliver(tenEvents().toArray(new InputEvent[0]));
      assertEquals(tenEvents(), untimed(fe.awaitEvents(10, WAIT)));
      fe.stop();
      assertTrue(peer.received().stream().allMatch(m -> m.flags() == 1));
      Message memTable =
          peer.received().stream()
              .filter(m -> m.request() == Request.SET_MEM_TABLE.id())
              .findFirst()
              .orElseThrow();
      assertEquals(1, memTable.fds().length);
    }
  }

  @Test
  void aBackEndWithoutConfigIsRefusedClearly() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), FrontendOptions.qemu10())) {
      peer.protocolFeatures = FeatureBits.PROTOCOL_F_MQ | FeatureBits.PROTOCOL_F_REPLY_ACK;
      VhostUserException e = assertThrows(VhostUserException.class, fe::start);
      assertEquals(VhostUserException.Reason.UNSUPPORTED, e.reason());
      assertTrue(e.getMessage().contains("VHOST_USER_PROTOCOL_F_CONFIG"), e.getMessage());
      assertTrue(e.getSuppressed()[0].getMessage().contains("<- GET_PROTOCOL_FEATURES"));
      assertEquals(List.of("GET_FEATURES", "GET_PROTOCOL_FEATURES"), peer.requestNames());
    }
  }

  @Test
  void aBackEndWithoutProtocolFeaturesIsRefusedClearly() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), FrontendOptions.qemu10())) {
      peer.features = FeatureBits.VIRTIO_F_VERSION_1;
      VhostUserException e = assertThrows(VhostUserException.class, fe::start);
      assertEquals(VhostUserException.Reason.UNSUPPORTED, e.reason());
      assertTrue(e.getMessage().contains("VHOST_USER_F_PROTOCOL_FEATURES"), e.getMessage());
    }
  }

  @Test
  void aNackDuringStartFailsStart() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), FrontendOptions.qemu10())) {
      peer.nackRequest = Request.SET_MEM_TABLE.id();
      VhostUserException e = assertThrows(VhostUserException.class, fe::start);
      assertEquals(VhostUserException.Reason.NACK, e.reason());
      assertTrue(e.getMessage().contains("SET_MEM_TABLE"), e.getMessage());
    }
  }

  @Test
  void eventIdxIsNotAckedWhenNotOfferedOrNotChosen() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe =
            TestFrontend.connect(peer.socket(), FrontendOptions.qemu10().withProbeConfig(false))) {
      peer.features = FeatureBits.VIRTIO_F_VERSION_1 | FeatureBits.VHOST_USER_F_PROTOCOL_FEATURES;
      fe.start();
      assertEquals(
          FeatureBits.VIRTIO_F_VERSION_1 | FeatureBits.VHOST_USER_F_PROTOCOL_FEATURES,
          fe.negotiated().ackedFeatures());
      assertThrows(IllegalStateException.class, fe::config);
    }
  }

  @Test
  void aBackEndThatHangsUpFailsStartAsClosed() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        TestFrontend fe = TestFrontend.connect(peer.socket(), FrontendOptions.qemu10())) {
      peer.closeOnRequest = Request.GET_CONFIG.id();
      VhostUserException e = assertThrows(VhostUserException.class, fe::start);
      assertEquals(VhostUserException.Reason.CLOSED, e.reason());
      assertNull(peer.failure());
    }
  }
}
