// Golden bytes of vhost-user messages, written out by hand from the specification's layouts.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessagesTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String... parts) {
    return HEX.parseHex(String.join("", parts).replace(" ", ""));
  }

  private static byte[] wholeConfig(int select, int subsel) {
    byte[] c = new byte[136];
    c[0] = (byte) select;
    c[1] = (byte) subsel;
    return c;
  }

  static Stream<Arguments> golden() {
    return Stream.of(
        Arguments.of(
            "GET_FEATURES",
            Message.of(Request.GET_FEATURES, new byte[0]).encode(),
            hex("01000000 01000000 00000000")),
        Arguments.of(
            "SET_VRING_NUM {0, 4}",
            Message.of(Request.SET_VRING_NUM, Messages.vringState(0, 4)).encode(),
            hex("08000000 01000000 08000000", "00000000 04000000")),
        Arguments.of(
            "SET_VRING_BASE {1, 65535} with NEED_REPLY",
            Message.of(Request.SET_VRING_BASE, Messages.vringState(1, 0xffff))
                .withFlags(FeatureBits.HEADER_VERSION | FeatureBits.HEADER_NEED_REPLY)
                .encode(),
            hex("0a000000 09000000 08000000", "01000000 ffff0000")),
        Arguments.of(
            "SET_FEATURES VERSION_1 | PROTOCOL_FEATURES | EVENT_IDX",
            Message.of(
                    Request.SET_FEATURES,
                    Messages.u64(
                        FeatureBits.VIRTIO_F_VERSION_1
                            | FeatureBits.VHOST_USER_F_PROTOCOL_FEATURES
                            | FeatureBits.VIRTIO_RING_F_EVENT_IDX))
                .encode(),
            hex("02000000 01000000 08000000", "00000060 01000000")),
        Arguments.of(
            "SET_PROTOCOL_FEATURES MQ | REPLY_ACK | CONFIG",
            Message.of(
                    Request.SET_PROTOCOL_FEATURES,
                    Messages.u64(
                        FeatureBits.PROTOCOL_F_MQ
                            | FeatureBits.PROTOCOL_F_REPLY_ACK
                            | FeatureBits.PROTOCOL_F_CONFIG))
                .encode(),
            hex("10000000 01000000 08000000", "09020000 00000000")),
        Arguments.of(
            "SET_VRING_KICK queue 1 with an fd",
            Message.of(Request.SET_VRING_KICK, Messages.vringFd(1, false)).encode(),
            hex("0c000000 01000000 08000000", "01000000 00000000")),
        Arguments.of(
            "SET_VRING_CALL queue 0, no fd",
            Message.of(Request.SET_VRING_CALL, Messages.vringFd(0, true)).encode(),
            hex("0d000000 01000000 08000000", "00010000 00000000")),
        Arguments.of(
            "SET_VRING_ADDR",
            Message.of(
                    Request.SET_VRING_ADDR,
                    Messages.vringAddr(1, 0, 0x7f3a12001000L, 0x7f3a12001080L, 0x7f3a12001040L, 0))
                .encode(),
            hex(
                "09000000 01000000 28000000",
                "01000000 00000000",
                "0010 0012 3a7f 0000",
                "8010 0012 3a7f 0000",
                "4010 0012 3a7f 0000",
                "0000 0000 0000 0000")),
        Arguments.of(
            "SET_VRING_ENABLE {1, 1}",
            Message.of(Request.SET_VRING_ENABLE, Messages.vringState(1, 1)).encode(),
            hex("12000000 01000000 08000000", "01000000 01000000")),
        Arguments.of(
            "SET_MEM_TABLE, two regions of one memfd",
            Message.of(
                    Request.SET_MEM_TABLE,
                    Messages.memTable(
                        List.of(
                            new MemoryRegionEntry(0x40000000L, 0x10000, 0x7f3a12000000L, 0),
                            new MemoryRegionEntry(
                                0x140000000L, 0x10000, 0x7f3c12007000L, 0x10000))))
                .encode(),
            hex(
                "05000000 01000000 48000000",
                "02000000 00000000",
                "00000040 00000000 00000100 00000000 0000 0012 3a7f 0000 00000000 00000000",
                "00000040 01000000 00000100 00000000 0070 0012 3c7f 0000 00000100 00000000")),
        Arguments.of(
            "SET_CONFIG one byte (subsel = 1) at offset 1",
            Message.of(Request.SET_CONFIG, Messages.config(1, 0, new byte[] {1})).encode(),
            hex("19000000 01000000 0d000000", "01000000 01000000 00000000", "01")),
        Arguments.of(
            "SET_CONFIG of the whole 136 bytes: select EV_BITS, subsel EV_KEY",
            Message.of(Request.SET_CONFIG, Messages.config(0, 0, wholeConfig(0x11, 1))).encode(),
            hex(
                "19000000 01000000 94000000",
                "00000000 88000000 00000000",
                "1101",
                "00".repeat(134))),
        Arguments.of(
            "GET_CONFIG of the whole 136 bytes",
            Message.of(Request.GET_CONFIG, Messages.getConfig(0, 136)).encode(),
            hex("18000000 01000000 94000000", "00000000 88000000 00000000", "00".repeat(136))),
        Arguments.of(
            "GET_CONFIG of the size byte",
            Message.of(Request.GET_CONFIG, Messages.getConfig(2, 1)).encode(),
            hex("18000000 01000000 0d000000", "02000000 01000000 00000000", "00")),
        Arguments.of(
            "GET_VRING_BASE {1}",
            Message.of(Request.GET_VRING_BASE, Messages.vringState(1, 0)).encode(),
            hex("0b000000 01000000 08000000", "01000000 00000000")),
        Arguments.of(
            "a raw frame whose size field lies",
            Messages.frame(0x12345678, 0x5, 0xffffffff, new byte[] {1, 2}),
            hex("78563412 05000000 ffffffff 0102")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void encodesExactly(String name, byte[] actual, byte[] expected) {
    assertEquals(HEX.formatHex(expected), HEX.formatHex(actual));
  }

  @Test
  void decodesU64AndVringStateReplies() throws Exception {
    Message u64 = new Message(1, 5, hex("00000060 01000000"), new int[0]);
    assertEquals(0x160000000L, Messages.readU64(u64));
    Message state = new Message(11, 5, hex("01000000 07000000"), new int[0]);
    assertArrayEquals(new int[] {1, 7}, Messages.readVringState(state));
  }

  @Test
  void wrongReplySizesAreProtocolErrors() {
    Message shortU64 = new Message(1, 5, hex("0000"), new int[0]);
    VhostUserException e = assertThrows(VhostUserException.class, () -> Messages.readU64(shortU64));
    assertEquals(VhostUserException.Reason.PROTOCOL, e.reason());
    assertThrows(
        VhostUserException.class,
        () -> Messages.readVringState(new Message(11, 5, new byte[12], new int[0])));
  }

  @Test
  void replyChecksNameEveryProblem() {
    int reply = FeatureBits.HEADER_VERSION | FeatureBits.HEADER_REPLY;
    assertProtocolError(new Message(2, reply, new byte[8], new int[0]), 1, "names SET_FEATURES");
    assertProtocolError(new Message(1, 1, new byte[8], new int[0]), 1, "REPLY flag");
    assertProtocolError(new Message(1, 6, new byte[8], new int[0]), 1, "version 2");
  }

  private static void assertProtocolError(Message reply, int request, String mentions) {
    VhostUserException e =
        assertThrows(
            VhostUserException.class, () -> VhostUserConnection.checkReply(reply, request));
    assertEquals(VhostUserException.Reason.PROTOCOL, e.reason());
    assertEquals(true, e.getMessage().contains(mentions), e.getMessage());
  }

  @Test
  void requestNamesAndIds() {
    assertEquals(8, Request.SET_VRING_NUM.id());
    assertEquals(Request.GET_CONFIG, Request.of(24));
    assertEquals("#99", Request.nameOf(99));
    assertEquals("#4294967295", Request.nameOf(-1));
    assertEquals(true, Request.GET_VRING_BASE.hasReply());
    assertEquals(false, Request.SET_CONFIG.hasReply());
  }
}
