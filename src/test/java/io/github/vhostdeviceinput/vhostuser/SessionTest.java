// Tests the protocol state machine against a recording data plane, as QEMU 10 and older drive it.
package io.github.vhostdeviceinput.vhostuser;

import static io.github.vhostdeviceinput.vhostuser.Wire.FLAGS;
import static io.github.vhostdeviceinput.vhostuser.Wire.FLAGS_NEED_REPLY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.nativeio.Errno;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.virtio.InputConfig;
import io.github.vhostdeviceinput.virtio.TestDevices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTest {
  /** What QEMU 10 acks when offered our protocol features: all of them. */
  private static final long QEMU_PROTOCOL = Features.OFFERED_PROTOCOL;

  /** What QEMU acks without REPLY_ACK on offer, as with the Python prototype: MQ and CONFIG. */
  private static final long PROTOCOL_NO_ACK = Features.PROTOCOL_MQ | Features.PROTOCOL_CONFIG;

  private static final long QEMU_FEATURES = Features.OFFERED;

  private static final long UADDR = 0x7f5a_4000_0000L;

  private final FakeSocket socket = new FakeSocket();
  private final RecordingDataPlane plane = new RecordingDataPlane();
  private final InputConfig config = InputConfig.from(TestDevices.keyboard());
  private final Session session = new Session("input0", socket, plane, config);
  private final List<Integer> created = new ArrayList<>();

  @AfterEach
  void closeFds() {
    plane.closeOwned();
    TestFds.closeAll(created.stream().mapToInt(Integer::intValue).toArray());
  }

  private int[] fds(int n) throws NativeException {
    int[] fds = TestFds.eventfds(n);
    for (int fd : fds) {
      created.add(fd);
    }
    return fds;
  }

  /** Feeds one request and services it; returns whether the connection continues. */
  private boolean send(Request request, int flags, Payload payload, int... fds) {
    socket.feed(Wire.request(request, flags, payload), fds);
    return session.serviceOne();
  }

  private boolean send(Request request, Payload payload, int... fds) {
    return send(request, FLAGS, payload, fds);
  }

  private void sendOk(Request request, int flags, Payload payload, int... fds) {
    assertTrue(send(request, flags, payload, fds), request + " ended the connection");
  }

  private void sendOk(Request request, Payload payload, int... fds) {
    sendOk(request, FLAGS, payload, fds);
  }

  private FakeSocket.Reply onlyReply() {
    List<FakeSocket.Reply> replies = socket.takeReplies();
    assertEquals(1, replies.size(), "replies: " + replies);
    return replies.get(0);
  }

  private void assertReply(Request request, long value) {
    assertU64Reply(request.id, value);
  }

  /** Checks the only reply: a u64 answer to request id {@code request}. */
  private void assertU64Reply(int request, long value) {
    FakeSocket.Reply reply = onlyReply();
    assertEquals(Header.reply(request, 8), reply.header());
    assertEquals(value, reply.u64(), Request.describe(request) + " reply");
  }

  private void assertNoReply() {
    assertEquals(List.of(), socket.takeReplies());
  }

  private static MemoryTable oneRegion() {
    return new MemoryTable(List.of(new MemoryRegion(0, 512L << 20, UADDR, 0)));
  }

  private static VringAddress ring(int q) {
    long base = UADDR + 0x10000 + q * 0x1000L;
    return new VringAddress(q, 0, base, base + 0x80, base + 0x40, 0);
  }

  private byte[] getConfig(int offset, int size) {
    sendOk(Request.GET_CONFIG, new ConfigAccess(offset, size, 0, new byte[size]));
    FakeSocket.Reply reply = onlyReply();
    assertEquals(Header.reply(Request.GET_CONFIG.id, 12 + size), reply.header());
    return Arrays.copyOfRange(reply.payload(), 12, 12 + size);
  }

  private static byte[] selecting(int select, int subsel) {
    byte[] whole = new byte[InputConfig.SIZE];
    whole[0] = (byte) select;
    whole[1] = (byte) subsel;
    return whole;
  }

  /** The start of every QEMU session: features, protocol features, queue count, owner. */
  private void negotiate(long protocolFeatures) {
    sendOk(Request.GET_FEATURES, null);
    assertReply(Request.GET_FEATURES, Features.OFFERED);
    sendOk(Request.GET_PROTOCOL_FEATURES, null);
    assertReply(Request.GET_PROTOCOL_FEATURES, Features.OFFERED_PROTOCOL);
    sendOk(Request.SET_PROTOCOL_FEATURES, new U64(protocolFeatures));
    sendOk(Request.GET_QUEUE_NUM, null);
    assertReply(Request.GET_QUEUE_NUM, 2);
    sendOk(Request.SET_OWNER, null);
    assertNoReply();
  }

  @Test
  void runsTheWholeQemu10SessionWithReplyAck() throws Exception {
    int[] initCalls = fds(4);
    int[] mem = fds(1);
    int[] kicks = fds(2);
    int[] calls = fds(2);
    plane.bases[0] = 7;
    plane.bases[1] = 3;

    negotiate(QEMU_PROTOCOL);
    for (int q = 0; q < 2; q++) {
      sendOk(Request.SET_VRING_CALL, new VringFile(q, false), initCalls[q]);
      sendOk(Request.SET_VRING_ERR, new VringFile(q, false), initCalls[2 + q]);
    }
    assertNoReply();

    // The guest probes: QEMU writes all 136 bytes, then reads all 136 per byte the guest reads.
    sendOk(Request.SET_CONFIG, FLAGS_NEED_REPLY, new ConfigAccess(0, 136, 0, selecting(1, 0)));
    assertReply(Request.SET_CONFIG, 0);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(config.answer(1, 0), getConfig(0, 136));
    }
    sendOk(Request.SET_CONFIG, FLAGS_NEED_REPLY, new ConfigAccess(0, 136, 0, selecting(0x11, 1)));
    assertReply(Request.SET_CONFIG, 0);
    assertArrayEquals(config.answer(0x11, 1), getConfig(0, 136));

    sendOk(Request.SET_FEATURES, new U64(QEMU_FEATURES));
    sendOk(Request.SET_MEM_TABLE, FLAGS_NEED_REPLY, oneRegion(), mem);
    assertReply(Request.SET_MEM_TABLE, 0);
    for (int q = 0; q < 2; q++) {
      sendOk(Request.SET_VRING_NUM, new VringState(q, 4));
      sendOk(Request.SET_VRING_BASE, new VringState(q, 0));
      sendOk(Request.SET_VRING_ADDR, ring(q));
      sendOk(Request.SET_VRING_KICK, new VringFile(q, false), kicks[q]);
      sendOk(Request.SET_VRING_CALL, new VringFile(q, false), calls[q]);
      assertTrue(plane.ringStarted(q));
      assertFalse(plane.ringEnabled(q), "enabled before SET_VRING_ENABLE");
    }
    assertNoReply();
    for (int q = 0; q < 2; q++) {
      sendOk(Request.SET_VRING_ENABLE, FLAGS_NEED_REPLY, new VringState(q, 1));
      assertReply(Request.SET_VRING_ENABLE, 0);
      assertTrue(plane.ringEnabled(q));
    }
    TestFds.assertOpen(mem);
    TestFds.assertOpen(kicks);

    // Shutdown: disable, then fetch the bases, which stops the rings.
    for (int q = 0; q < 2; q++) {
      sendOk(Request.SET_VRING_ENABLE, FLAGS_NEED_REPLY, new VringState(q, 0));
      assertReply(Request.SET_VRING_ENABLE, 0);
    }
    for (int q = 0; q < 2; q++) {
      sendOk(Request.GET_VRING_BASE, new VringState(q, 0));
      FakeSocket.Reply reply = onlyReply();
      assertEquals(Header.reply(Request.GET_VRING_BASE.id, 8), reply.header());
      assertArrayEquals(Wire.state(q, plane.bases[q]), reply.payload());
      assertFalse(plane.ringStarted(q));
    }
    assertFalse(session.serviceOne(), "end of stream ends the session");

    assertEquals(
        List.of(
            "setVringCall(0, fd)",
            "setVringErr(0, fd)",
            "setVringCall(1, fd)",
            "setVringErr(1, fd)",
            "setFeatures(0x170000000)",
            "setMemTable(1 regions, 1 fds)",
            "setVringNum(0, 4)",
            "setVringBase(0, 0)",
            "setVringAddr(0, 0x7f5a40010000, 0x7f5a40010080, 0x7f5a40010040)",
            "setVringKick(0, fd)",
            "setVringCall(0, fd)",
            "setVringNum(1, 4)",
            "setVringBase(1, 0)",
            "setVringAddr(1, 0x7f5a40011000, 0x7f5a40011080, 0x7f5a40011040)",
            "setVringKick(1, fd)",
            "setVringCall(1, fd)",
            "setVringEnable(0, true)",
            "setVringEnable(1, true)",
            "setVringEnable(0, false)",
            "setVringEnable(1, false)",
            "getVringBase(0)",
            "getVringBase(1)",
            "reset()"),
        plane.takeCalls());
    assertArrayEquals(oneRegion().regions().toArray(), plane.regions);
    TestFds.assertClosed(mem);
    TestFds.assertClosed(kicks);
    TestFds.assertClosed(calls);
    assertFalse(session.serviceOne(), "an ended session stays ended");
  }

  @Test
  void sendsNoAcksWithoutReplyAck() throws Exception {
    negotiate(PROTOCOL_NO_ACK);
    sendOk(Request.SET_CONFIG, FLAGS_NEED_REPLY, new ConfigAccess(0, 136, 0, selecting(1, 0)));
    sendOk(Request.SET_FEATURES, FLAGS_NEED_REPLY, new U64(QEMU_FEATURES));
    sendOk(Request.SET_MEM_TABLE, FLAGS_NEED_REPLY, oneRegion(), fds(1));
    sendOk(Request.SET_VRING_ENABLE, FLAGS_NEED_REPLY, new VringState(0, 1));
    assertNoReply();
    // QEMU's fallback to make sure a request was processed: GET_FEATURES.
    sendOk(Request.GET_FEATURES, null);
    assertReply(Request.GET_FEATURES, Features.OFFERED);
    // Requests with their own reply answer once, REPLY_ACK or not.
    sendOk(Request.GET_VRING_BASE, FLAGS_NEED_REPLY, new VringState(0, 0));
    assertEquals(Request.GET_VRING_BASE.id, onlyReply().header().request());
  }

  @Test
  void acksOnlyWhenAskedEvenWithReplyAck() throws Exception {
    negotiate(QEMU_PROTOCOL);
    sendOk(Request.SET_VRING_NUM, new VringState(0, 4));
    assertNoReply();
    sendOk(Request.SET_VRING_NUM, FLAGS_NEED_REPLY, new VringState(0, 4));
    assertReply(Request.SET_VRING_NUM, 0);
  }

  @Test
  void answersGetVringBaseOnlyWithTheBaseWhenAckIsAskedToo() throws Exception {
    negotiate(QEMU_PROTOCOL);
    plane.bases[1] = 0x1234;
    sendOk(Request.GET_VRING_BASE, FLAGS_NEED_REPLY, new VringState(1, 0));
    assertArrayEquals(Wire.state(1, 0x1234), onlyReply().payload());
  }

  @Test
  void startsRingsDisabledWithProtocolFeatures() throws Exception {
    negotiate(QEMU_PROTOCOL);
    sendOk(Request.SET_FEATURES, new U64(QEMU_FEATURES));
    sendOk(Request.SET_VRING_KICK, new VringFile(0, false), fds(1));
    assertTrue(plane.ringStarted(0));
    assertFalse(plane.ringEnabled(0));
    sendOk(Request.SET_VRING_ENABLE, new VringState(0, 1));
    assertTrue(plane.ringEnabled(0));
    sendOk(Request.SET_VRING_ENABLE, new VringState(0, 0));
    assertFalse(plane.ringEnabled(0));
    assertEquals(
        List.of(
            "setFeatures(0x170000000)",
            "setVringKick(0, fd)",
            "setVringEnable(0, true)",
            "setVringEnable(0, false)"),
        plane.takeCalls());
  }

  @Test
  void startsRingsEnabledWithoutProtocolFeatures() throws Exception {
    // An old front-end: no protocol features acked, so no SET_VRING_ENABLE will come.
    sendOk(Request.GET_FEATURES, null);
    sendOk(Request.SET_OWNER, null);
    sendOk(Request.SET_FEATURES, new U64(Features.VERSION_1));
    sendOk(Request.SET_MEM_TABLE, oneRegion(), fds(1));
    sendOk(Request.SET_VRING_NUM, new VringState(1, 64));
    sendOk(Request.SET_VRING_ADDR, ring(1));
    sendOk(Request.SET_VRING_KICK, new VringFile(1, false), fds(1));
    assertTrue(plane.ringStarted(1));
    assertTrue(plane.ringEnabled(1));
    sendOk(Request.GET_VRING_BASE, new VringState(1, 0));
    assertFalse(plane.ringStarted(1));
    sendOk(Request.SET_VRING_KICK, new VringFile(1, true));
    assertTrue(plane.ringStarted(1));
    assertEquals(
        List.of(
            "setFeatures(0x100000000)",
            "setMemTable(1 regions, 1 fds)",
            "setVringNum(1, 64)",
            "setVringAddr(1, 0x7f5a40011000, 0x7f5a40011080, 0x7f5a40011040)",
            "setVringKick(1, fd)",
            "setVringEnable(1, true)",
            "getVringBase(1)",
            "setVringKick(1, none)",
            "setVringEnable(1, true)"),
        plane.takeCalls());
  }

  @Test
  void resetDeviceForgetsDeviceStateButKeepsProtocolFeatures() throws Exception {
    negotiate(QEMU_PROTOCOL);
    int[] kick = fds(1);
    sendOk(Request.SET_FEATURES, new U64(QEMU_FEATURES));
    sendOk(Request.SET_CONFIG, new ConfigAccess(0, 136, 0, selecting(1, 0)));
    sendOk(Request.SET_VRING_KICK, new VringFile(0, false), kick);
    sendOk(Request.SET_VRING_ENABLE, new VringState(0, 1));
    plane.takeCalls();

    sendOk(Request.RESET_DEVICE, FLAGS_NEED_REPLY, null);
    assertReply(Request.RESET_DEVICE, 0);
    assertEquals(List.of("reset()"), plane.takeCalls());
    TestFds.assertClosed(kick);
    assertEquals(0, session.ackedFeatures());
    assertEquals(QEMU_PROTOCOL, session.ackedProtocolFeatures());
    assertFalse(plane.ringStarted(0));
    assertFalse(plane.ringEnabled(0));
    assertArrayEquals(new byte[136], getConfig(0, 136));
    // The device can be set up again on the same connection.
    sendOk(Request.SET_FEATURES, FLAGS_NEED_REPLY, new U64(QEMU_FEATURES));
    assertReply(Request.SET_FEATURES, 0);
  }

  @Test
  void resetOwnerDisablesTheRings() throws Exception {
    negotiate(QEMU_PROTOCOL);
    sendOk(Request.SET_VRING_ENABLE, new VringState(0, 1));
    sendOk(Request.SET_VRING_ENABLE, new VringState(1, 1));
    plane.takeCalls();
    sendOk(Request.RESET_OWNER, null);
    assertFalse(plane.ringEnabled(0));
    assertFalse(plane.ringEnabled(1));
    assertEquals(
        List.of("setVringEnable(0, false)", "setVringEnable(1, false)"), plane.takeCalls());
    assertEquals(QEMU_PROTOCOL, session.ackedProtocolFeatures());
  }

  @Test
  void answersGetMaxMemSlots() {
    negotiate(QEMU_PROTOCOL);
    sendOk(Request.GET_MAX_MEM_SLOTS, null);
    assertReply(Request.GET_MAX_MEM_SLOTS, 8);
  }

  @Test
  void followsLinuxOneByteConfigWritesAndPerByteReads() {
    negotiate(QEMU_PROTOCOL);
    sendOk(Request.SET_CONFIG, new ConfigAccess(0, 1, 0, new byte[] {0x11}));
    sendOk(Request.SET_CONFIG, new ConfigAccess(1, 1, 0, new byte[] {TestDevices.EV_LED}));
    assertArrayEquals(new byte[] {1}, getConfig(2, 1));
    assertArrayEquals(new byte[] {7}, getConfig(8, 1));
    // Older QEMU reads 128 bytes at offset 0.
    assertArrayEquals(
        Arrays.copyOf(config.answer(0x11, TestDevices.EV_LED), 128), getConfig(0, 128));
  }

  // ---- refused requests: an error answer, and the connection goes on ----

  @Test
  void refusesAnUnknownRequestWithAnErrorAckAndClosesItsFds() throws Exception {
    negotiate(QEMU_PROTOCOL);
    int[] fd = fds(1);
    socket.feed(Wire.message(99, FLAGS_NEED_REPLY, new byte[8]), fd);
    assertTrue(session.serviceOne());
    assertU64Reply(99, Errno.EINVAL);
    TestFds.assertClosed(fd);
    sendOk(Request.GET_QUEUE_NUM, null);
    assertReply(Request.GET_QUEUE_NUM, 2);
  }

  @Test
  void refusesAnUnknownRequestSilentlyWithoutReplyAck() throws Exception {
    negotiate(PROTOCOL_NO_ACK);
    int[] fd = fds(1);
    socket.feed(Wire.message(Request.SET_VRING_ADDR.id + 100, FLAGS_NEED_REPLY, new byte[0]), fd);
    assertTrue(session.serviceOne());
    assertNoReply();
    TestFds.assertClosed(fd);
  }

  @Test
  void answersAGetConfigOutsideTheSpaceWithAnEmptyPayload() {
    negotiate(PROTOCOL_NO_ACK);
    sendOk(Request.GET_CONFIG, new ConfigAccess(100, 40, 0, new byte[40]));
    FakeSocket.Reply reply = onlyReply();
    assertEquals(Header.reply(Request.GET_CONFIG.id, 0), reply.header());
    assertArrayEquals(new byte[8], getConfig(128, 8));
  }

  @Test
  void refusesASetConfigOutsideTheSpace() {
    negotiate(QEMU_PROTOCOL);
    sendOk(Request.SET_CONFIG, FLAGS_NEED_REPLY, new ConfigAccess(130, 8, 0, new byte[8]));
    assertReply(Request.SET_CONFIG, Errno.EINVAL);
  }

  // ---- malformed requests: the connection ends ----

  @Test
  void disconnectsOnAMalformedRequestAndReleasesEverything() throws Exception {
    negotiate(QEMU_PROTOCOL);
    int[] kick = fds(1);
    sendOk(Request.SET_VRING_KICK, new VringFile(0, false), kick);
    plane.takeCalls();
    int[] extra = fds(2);
    socket.feed(Wire.message(Request.SET_VRING_CALL.id, FLAGS_NEED_REPLY, Wire.u64(1)), extra);
    assertFalse(session.serviceOne());
    assertNoReply();
    TestFds.assertClosed(extra);
    TestFds.assertClosed(kick);
    assertEquals(List.of("reset()"), plane.takeCalls());
    socket.feed(Wire.request(Request.GET_FEATURES, null));
    assertFalse(session.serviceOne());
    assertEquals(List.of(), plane.takeCalls());
  }

  @Test
  void disconnectsOnABadQueueIndex() {
    negotiate(QEMU_PROTOCOL);
    socket.feed(Wire.message(Request.SET_VRING_NUM.id, FLAGS, Wire.state(2, 4)));
    assertFalse(session.serviceOne());
    assertEquals(List.of("reset()"), plane.takeCalls());
  }

  @Test
  void disconnectsOnAStreamCutMidMessage() throws Exception {
    negotiate(QEMU_PROTOCOL);
    int[] fd = fds(1);
    byte[] wire = Wire.request(Request.SET_MEM_TABLE, oneRegion());
    socket.feed(Arrays.copyOf(wire, 20), fd);
    assertFalse(session.serviceOne());
    TestFds.assertClosed(fd);
    assertEquals(List.of("reset()"), plane.takeCalls());
  }

  // ---- data plane failures ----

  @Test
  void answersADataPlaneFailureWithItsErrnoWhenAsked() {
    negotiate(QEMU_PROTOCOL);
    plane.failOn("setVringNum", Errno.ENOMEM);
    sendOk(Request.SET_VRING_NUM, FLAGS_NEED_REPLY, new VringState(0, 4));
    assertReply(Request.SET_VRING_NUM, Errno.ENOMEM);
    sendOk(Request.GET_QUEUE_NUM, null);
    assertReply(Request.GET_QUEUE_NUM, 2);
  }

  @Test
  void disconnectsOnADataPlaneFailureTheFrontEndCannotBeToldAbout() throws Exception {
    negotiate(PROTOCOL_NO_ACK);
    int[] mem = fds(1);
    plane.failOn("setMemTable", Errno.EINVAL);
    assertFalse(send(Request.SET_MEM_TABLE, FLAGS_NEED_REPLY, oneRegion(), mem));
    assertNoReply();
    TestFds.assertClosed(mem);
    assertEquals(List.of("setMemTable(1 regions, 1 fds)", "reset()"), plane.takeCalls());
  }

  @Test
  void disconnectsWhenGetVringBaseFailsEvenWithReplyAck() {
    negotiate(QEMU_PROTOCOL);
    plane.failOn("getVringBase", Errno.EIO);
    assertFalse(send(Request.GET_VRING_BASE, FLAGS_NEED_REPLY, new VringState(0, 0)));
    assertNoReply();
    assertEquals(List.of("getVringBase(0)", "reset()"), plane.takeCalls());
  }

  // ---- socket failures ----

  @Test
  void disconnectsWhenTheSocketFails() {
    socket.recvFailure = NativeException.of("receive", Errno.ECONNRESET);
    assertFalse(session.serviceOne());
    assertEquals(List.of("reset()"), plane.takeCalls());
  }

  @Test
  void disconnectsWhenAReplyCannotBeSent() {
    socket.sendFailure = NativeException.of("send", Errno.EPIPE);
    assertFalse(send(Request.GET_FEATURES, null));
    assertEquals(List.of("reset()"), plane.takeCalls());
  }

  @Test
  void disconnectsWhenTheFrontEndStopsReading() {
    socket.sendStalls = true;
    assertFalse(send(Request.GET_FEATURES, null));
    assertEquals(List.of("reset()"), plane.takeCalls());
  }
}
