// Tests the codec on golden QEMU-shaped messages and on every kind of malformed message.
package io.github.vhostdeviceinput.vhostuser;

import static io.github.vhostdeviceinput.vhostuser.Wire.FLAGS;
import static io.github.vhostdeviceinput.vhostuser.Wire.FLAGS_NEED_REPLY;
import static io.github.vhostdeviceinput.vhostuser.Wire.hex;
import static io.github.vhostdeviceinput.vhostuser.Wire.message;
import static io.github.vhostdeviceinput.vhostuser.Wire.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {
  private static final long GIB = 1L << 30;

  /** Runs a whole message through the codec, as the reader does, with the given fds. */
  static Message decode(byte[] wire, int... fds) throws ProtocolException {
    ReceivedFds received = new ReceivedFds();
    int[] slots = new int[ReceivedFds.MAX];
    Arrays.fill(slots, -1);
    System.arraycopy(fds, 0, slots, 0, fds.length);
    assertTrue(received.add(slots));
    ByteBuffer buf =
        ByteBuffer.allocateDirect(Header.SIZE + Codec.MAX_PAYLOAD_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(0, wire, 0, Header.SIZE);
    Header header = Header.decode(buf, 0);
    Codec.checkHeader(header, received);
    buf.put(Header.SIZE, wire, Header.SIZE, wire.length - Header.SIZE);
    return Codec.decode(header, buf, Header.SIZE, received);
  }

  // ---- golden requests, byte for byte as QEMU lays them out ----

  static Stream<Arguments> goldenRequests() {
    return Stream.of(
        arguments("get features", "01000000 01000000 00000000", 0, Request.GET_FEATURES, null),
        arguments(
            "set features VERSION_1|PROTOCOL_FEATURES|EVENT_IDX|INDIRECT_DESC",
            "02000000 01000000 08000000 | 00000070 01000000",
            0,
            Request.SET_FEATURES,
            new U64(0x1_7000_0000L)),
        arguments("set owner", "03000000 01000000 00000000", 0, Request.SET_OWNER, null),
        arguments("reset owner", "04000000 01000000 00000000", 0, Request.RESET_OWNER, null),
        arguments(
            "set mem table, one 512 MiB memfd region, need reply",
            "05000000 09000000 28000000 | 01000000 00000000"
                + "| 0000000000000000 0000002000000000 000000405a7f0000 0000000000000000",
            1,
            Request.SET_MEM_TABLE,
            new MemoryTable(List.of(new MemoryRegion(0, 512L << 20, 0x7f5a_4000_0000L, 0)))),
        arguments(
            "set mem table, RAM split around the 32-bit PCI hole",
            "05000000 01000000 48000000 | 02000000 00000000"
                + "| 0000000000000000 0000008000000000 0000000000 7f0000 0000000000000000"
                + "| 0000000001000000 0000008000000000 00000080007f0000 0000008000000000",
            2,
            Request.SET_MEM_TABLE,
            new MemoryTable(
                List.of(
                    new MemoryRegion(0, 2 * GIB, 0x7f00_0000_0000L, 0),
                    new MemoryRegion(4 * GIB, 2 * GIB, 0x7f00_8000_0000L, 2 * GIB)))),
        arguments(
            "set vring num 4",
            "08000000 01000000 08000000 | 00000000 04000000",
            0,
            Request.SET_VRING_NUM,
            new VringState(0, 4)),
        arguments(
            "set vring addr",
            "09000000 01000000 28000000 | 01000000 00000000 | 0010 00405a7f0000"
                + "| 8010 00405a7f0000 | 4010 00405a7f0000 | 0000000000000000",
            0,
            Request.SET_VRING_ADDR,
            new VringAddress(1, 0, 0x7f5a_4000_1000L, 0x7f5a_4000_1080L, 0x7f5a_4000_1040L, 0)),
        arguments(
            "set vring base",
            "0a000000 01000000 08000000 | 00000000 00000000",
            0,
            Request.SET_VRING_BASE,
            new VringState(0, 0)),
        arguments(
            "get vring base",
            "0b000000 01000000 08000000 | 01000000 00000000",
            0,
            Request.GET_VRING_BASE,
            new VringState(1, 0)),
        arguments(
            "set vring kick with fd",
            "0c000000 01000000 08000000 | 0100000000000000",
            1,
            Request.SET_VRING_KICK,
            new VringFile(1, false)),
        arguments(
            "set vring call without fd",
            "0d000000 01000000 08000000 | 0001000000000000",
            0,
            Request.SET_VRING_CALL,
            new VringFile(0, true)),
        arguments(
            "set vring err with fd",
            "0e000000 01000000 08000000 | 0100000000000000",
            1,
            Request.SET_VRING_ERR,
            new VringFile(1, false)),
        arguments(
            "get protocol features",
            "0f000000 01000000 00000000",
            0,
            Request.GET_PROTOCOL_FEATURES,
            null),
        arguments(
            "set protocol features MQ|REPLY_ACK|CONFIG|RESET_DEVICE",
            "10000000 01000000 08000000 | 0922000000000000",
            0,
            Request.SET_PROTOCOL_FEATURES,
            new U64(0x2209)),
        arguments("get queue num", "11000000 01000000 00000000", 0, Request.GET_QUEUE_NUM, null),
        arguments(
            "set vring enable, need reply",
            "12000000 09000000 08000000 | 01000000 01000000",
            0,
            Request.SET_VRING_ENABLE,
            new VringState(1, 1)),
        arguments(
            "get config, all 136 bytes",
            "18000000 01000000 94000000 | 00000000 88000000 00000000 |" + zeros(136),
            0,
            Request.GET_CONFIG,
            new ConfigAccess(0, 136, 0, new byte[136])),
        arguments(
            "set config, all 136 bytes selecting EV_BITS/EV_KEY, need reply",
            "19000000 09000000 94000000 | 00000000 88000000 00000000 | 1101" + zeros(134),
            0,
            Request.SET_CONFIG,
            new ConfigAccess(0, 136, 0, select(0x11, 0x01))),
        arguments(
            "set config, one byte at offset 1, migration",
            "19000000 01000000 0d000000 | 01000000 01000000 01000000 | 05",
            0,
            Request.SET_CONFIG,
            new ConfigAccess(1, 1, 1, new byte[] {5})),
        arguments("reset device", "22000000 01000000 00000000", 0, Request.RESET_DEVICE, null),
        arguments(
            "get max mem slots", "24000000 01000000 00000000", 0, Request.GET_MAX_MEM_SLOTS, null));
  }

  private static byte[] select(int select, int subsel) {
    byte[] image = new byte[136];
    image[0] = (byte) select;
    image[1] = (byte) subsel;
    return image;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenRequests")
  void decodesAndReencodesGoldenRequest(
      String name, String golden, int fdCount, Request request, Payload expected) throws Exception {
    byte[] wire = hex(golden);
    int[] fds = TestFds.eventfds(fdCount);
    try {
      Message m = decode(wire, fds);
      assertEquals(request, m.request());
      assertEquals(expected, m.payload());
      assertArrayEquals(fds, m.fds());
      assertEquals(Wire.hex(wire), Wire.hex(Wire.request(request, m.header().flags(), expected)));
    } finally {
      TestFds.closeAll(fds);
    }
  }

  // ---- golden replies ----

  static Stream<Arguments> goldenReplies() {
    return Stream.of(
        arguments(
            Request.GET_FEATURES,
            new U64(Features.OFFERED),
            "01000000 05000000 08000000 | 00000070 01000000"),
        arguments(
            Request.GET_PROTOCOL_FEATURES,
            new U64(Features.OFFERED_PROTOCOL),
            "0f000000 05000000 08000000 | 0922000000000000"),
        arguments(
            Request.GET_QUEUE_NUM, new U64(2), "11000000 05000000 08000000 | 0200000000000000"),
        arguments(
            Request.GET_MAX_MEM_SLOTS, new U64(8), "24000000 05000000 08000000 | 0800000000000000"),
        arguments(
            Request.GET_VRING_BASE,
            new VringState(1, 4),
            "0b000000 05000000 08000000 | 01000000 04000000"),
        arguments(
            Request.SET_MEM_TABLE, new U64(0), "05000000 05000000 08000000 | 0000000000000000"),
        arguments(
            Request.SET_VRING_ENABLE, new U64(22), "12000000 05000000 08000000 | 1600000000000000"),
        arguments(
            Request.GET_CONFIG,
            new ConfigAccess(0, 4, 0, new byte[] {1, 0, 3, 0}),
            "18000000 05000000 10000000 | 00000000 04000000 00000000 | 01000300"),
        arguments(Request.GET_CONFIG, null, "18000000 05000000 00000000"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("goldenReplies")
  void encodesGoldenReply(Request request, Payload payload, String golden) throws Exception {
    FakeSocket socket = new FakeSocket();
    assertTrue(new ReplyWriter(socket).send(request.id, payload));
    assertEquals(Wire.hex(hex(golden)), Wire.hex(socket.sentBytes()));
  }

  // ---- malformed messages: fatal, fds closed ----

  private static Arguments bad(String name, byte[] wire, int fds, String reason) {
    return arguments(name, wire, fds, reason);
  }

  private static byte[] state(Request r, int index, int num) {
    return message(r.id, FLAGS, Wire.state(index, num));
  }

  private static byte[] file(Request r, long value) {
    return message(r.id, FLAGS, Wire.u64(value));
  }

  private static byte[] addr(int index, int flags, long desc, long used, long avail) {
    ByteBuffer payload = Wire.le(VringAddress.SIZE);
    payload.putInt(0, index).putInt(4, flags).putLong(8, desc).putLong(16, used).putLong(24, avail);
    return message(Request.SET_VRING_ADDR.id, FLAGS, payload.array());
  }

  private static byte[] memTable(int nregions, long... fields) {
    return message(Request.SET_MEM_TABLE.id, FLAGS, Wire.memTable(nregions, fields));
  }

  private static byte[] config(Request r, int offset, int size, int flags, int dataLength) {
    return message(r.id, FLAGS, Wire.config(offset, size, flags, new byte[dataLength]));
  }

  static Stream<Arguments> malformed() {
    long top = 0xffff_ffff_ffff_f000L;
    return Stream.of(
        // header
        bad("version 0", message(1, 0, new byte[0]), 0, "protocol version 0"),
        bad("version 2", message(1, 2, new byte[0]), 0, "protocol version 2"),
        bad("reply flag", message(1, 0x5, new byte[0]), 0, "reply flag"),
        // payload sizes
        bad("get features with payload", message(1, FLAGS, new byte[8]), 0, "payload of 8 bytes"),
        bad("set features short", message(2, FLAGS, new byte[4]), 0, "payload of 4 bytes"),
        bad("set features long", message(2, FLAGS, new byte[16]), 0, "payload of 16 bytes"),
        bad("set owner with payload", message(3, FLAGS, new byte[8]), 0, "expected 0"),
        bad("vring num short", message(8, FLAGS, new byte[4]), 0, "payload of 4 bytes"),
        bad("vring num long", message(8, FLAGS, new byte[12]), 0, "payload of 12 bytes"),
        bad("vring addr short", message(9, FLAGS, new byte[32]), 0, "expected 40"),
        bad("vring kick empty", message(12, FLAGS, new byte[0]), 1, "payload of 0 bytes"),
        bad("mem table without regions", message(5, FLAGS, new byte[8]), 0, "expected 40 to 264"),
        bad("mem table too long", message(5, FLAGS, new byte[296]), 0, "payload of 296 bytes"),
        bad("mem table not whole regions", memTable(1, 0, 4096, 0, 0, 7), 1, "payload of 48"),
        bad("mem table count says 2, holds 1", memTable(2, 0, 4096, 0, 0), 1, "for 2 regions"),
        bad("get config short", message(24, FLAGS, new byte[11]), 0, "payload of 11 bytes"),
        bad("set config of 257 bytes", config(Request.SET_CONFIG, 0, 257, 0, 257), 0, "269"),
        bad("config size above payload", config(Request.SET_CONFIG, 0, 10, 0, 8), 0, "for 10"),
        bad("config size below payload", config(Request.GET_CONFIG, 0, 4, 0, 8), 0, "for 4"),
        bad("unknown request too long", message(99, FLAGS, new byte[269]), 0, "269 bytes"),
        bad("set features empty", message(2, FLAGS, new byte[0]), 0, "payload of 0 bytes"),
        // fd counts, both directions
        bad("kick without fd or NOFD", file(Request.SET_VRING_KICK, 0), 0, "0 fds, expected 1"),
        bad("kick with two fds", file(Request.SET_VRING_KICK, 0), 2, "2 fds, expected 1"),
        bad("call with NOFD and an fd", file(Request.SET_VRING_CALL, 0x100), 1, "expected 0"),
        bad("err without fd", file(Request.SET_VRING_ERR, 1), 0, "0 fds, expected 1"),
        bad("vring num with fd", state(Request.SET_VRING_NUM, 0, 4), 1, "1 fds, expected 0"),
        bad("get features with fd", message(1, FLAGS, new byte[0]), 1, "1 fds, expected 0"),
        bad("set config with fd", config(Request.SET_CONFIG, 0, 1, 0, 1), 1, "expected 0"),
        bad("mem table, 2 regions, 1 fd", twoRegions(), 1, "1 fds, expected 2"),
        bad("mem table, 1 region, 2 fds", memTable(1, 0, 4096, 0, 0), 2, "2 fds, expected 1"),
        bad("mem table, 1 region, no fd", memTable(1, 0, 4096, 0, 0), 0, "0 fds, expected 1"),
        // queue index
        bad("vring num queue 2", state(Request.SET_VRING_NUM, 2, 4), 0, "queue index 2"),
        bad("vring base queue 3", state(Request.SET_VRING_BASE, 3, 0), 0, "queue index 3"),
        bad("get vring base queue -1", state(Request.GET_VRING_BASE, -1, 0), 0, "4294967295"),
        bad("vring enable queue 2", state(Request.SET_VRING_ENABLE, 2, 1), 0, "queue index 2"),
        bad("vring addr queue 5", addr(5, 0, 0, 0, 0), 0, "queue index 5"),
        bad("kick queue 2", file(Request.SET_VRING_KICK, 2), 1, "queue index 2"),
        bad("call queue 255 NOFD", file(Request.SET_VRING_CALL, 0x1ff), 0, "queue index 255"),
        bad("kick reserved bit", file(Request.SET_VRING_KICK, 0x200), 1, "reserved bits"),
        // ring size and other per-request values
        bad("ring size 0", state(Request.SET_VRING_NUM, 0, 0), 0, "ring size 0"),
        bad("ring size 3", state(Request.SET_VRING_NUM, 0, 3), 0, "ring size 3"),
        bad("ring size 96", state(Request.SET_VRING_NUM, 1, 96), 0, "ring size 96"),
        bad("ring size 2048", state(Request.SET_VRING_NUM, 0, 2048), 0, "ring size 2048"),
        bad("ring size 32768", state(Request.SET_VRING_NUM, 0, 32768), 0, "ring size 32768"),
        bad("ring size 2^31", state(Request.SET_VRING_NUM, 0, 1 << 31), 0, "ring size 2147483648"),
        bad("ring base 65536", state(Request.SET_VRING_BASE, 0, 65536), 0, "ring base 65536"),
        bad("enable 2", state(Request.SET_VRING_ENABLE, 0, 2), 0, "enable value 2"),
        bad("vring flags", addr(0, 2, 0, 0, 0), 0, "ring flags 0x2"),
        bad("descriptors unaligned", addr(0, 0, 0x1008, 0, 0), 0, "descriptor table address"),
        bad("used unaligned", addr(0, 0, 0, 0x1002, 0), 0, "used ring address 0x1002"),
        bad("avail unaligned", addr(0, 0, 0, 0, 0x1001), 0, "available ring address 0x1001"),
        bad("unoffered feature", file(Request.SET_FEATURES, 1L << 26), 0, "features 0x4000000"),
        bad(
            "unoffered protocol feature",
            file(Request.SET_PROTOCOL_FEATURES, 0x2209 | 1L << 15),
            0,
            "protocol features 0x8000"),
        bad("config flags", config(Request.SET_CONFIG, 0, 1, 2, 1), 0, "config flags 0x2"),
        // memory regions
        bad("0 regions", memTable(0, 0, 4096, 0, 0), 0, "0 regions, expected 1 to 8"),
        bad("9 regions", memTable(9, 0, 4096, 0, 0), 1, "9 regions, expected 1 to 8"),
        bad(
            "region size 0",
            memTable(1, 0, 0, 0x7f00_0000_0000L, 0),
            1,
            "region 0: region size is 0"),
        bad("gpa overflow", memTable(1, top, 0x2000, 0, 0), 1, "guest-physical address"),
        bad("gpa ends at 2^64", memTable(1, top, 0x1000, 0, 0), 1, "guest-physical address"),
        bad("uaddr overflow", memTable(1, 0, 0x2000, top, 0), 1, "user address"),
        bad("size overflow", memTable(1, 0x1000, -1L, 0, 0), 1, "overflows"),
        bad("mmap offset overflow", memTable(1, 0, 0x2000, 0, Long.MAX_VALUE - 0xfff), 1, "mmap"),
        bad("mmap offset negative", memTable(1, 0, 0x1000, 0, Long.MIN_VALUE), 1, "mmap offset"),
        bad(
            "overlapping regions",
            memTable(2, 0, 0x2000, 0x10000, 0, 0x1000, 0x2000, 0x20000, 0),
            2,
            "regions 0 and 1 overlap"),
        bad(
            "region inside another",
            memTable(3, 0, 0x1000, 0, 0, 0x10000, 0x10000, 0x10000, 0, 0x18000, 0x10, 0x30000, 0),
            3,
            "regions 1 and 2 overlap"),
        bad(
            "identical regions",
            memTable(2, 0, 0x1000, 0, 0, 0, 0x1000, 0, 0),
            2,
            "regions 0 and 1 overlap"));
  }

  private static byte[] twoRegions() {
    return memTable(2, 0, 0x1000, 0, 0, 0x1000, 0x1000, 0x1000, 0x1000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedAndClosesFds(String name, byte[] wire, int fdCount, String reason)
      throws Exception {
    int[] fds = TestFds.eventfds(fdCount);
    try {
      ProtocolException e = assertThrows(ProtocolException.class, () -> decode(wire, fds));
      assertTrue(e.fatal(), "fatal");
      int request =
          Header.decode(ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN), 0).request();
      assertTrue(
          e.getMessage().startsWith(Request.describe(request) + ": "),
          "names the request: " + e.getMessage());
      assertTrue(e.reason().contains(reason), "reason '" + e.reason() + "' lacks '" + reason + "'");
      TestFds.assertClosed(fds);
    } finally {
      TestFds.closeAll(fds);
    }
  }

  @Test
  void rejectsHugeSizeFromTheHeaderAlone() {
    byte[] header = hex("02000000 01000000 ffffffff");
    ProtocolException e =
        assertThrows(
            ProtocolException.class,
            () ->
                Codec.checkHeader(
                    Header.decode(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN), 0),
                    new ReceivedFds()));
    assertTrue(e.fatal());
    assertEquals("SET_FEATURES: payload of 4294967295 bytes, expected 8", e.getMessage());
  }

  // ---- refused but not fatal ----

  static Stream<Arguments> refused() {
    return Stream.of(
        arguments("unknown request", message(99, FLAGS_NEED_REPLY, new byte[0]), 0, "request 99"),
        arguments("unknown request with fd", message(200, FLAGS, new byte[8]), 1, "request 200"),
        arguments("SET_LOG_BASE with fd", message(6, FLAGS, new byte[16]), 1, "SET_LOG_BASE"),
        arguments("ADD_MEM_REG with fd", message(37, FLAGS, new byte[40]), 1, "ADD_MEM_REG"),
        arguments("get config past the end", config(Request.GET_CONFIG, 130, 8, 0, 8), 0, "130"),
        arguments("set config past the end", config(Request.SET_CONFIG, 0, 137, 0, 137), 0, "137"),
        arguments(
            "config at offset 2^32-1", config(Request.GET_CONFIG, -1, 1, 0, 1), 0, "4294967295"),
        arguments("empty config past the end", config(Request.GET_CONFIG, 137, 0, 0, 0), 0, "137"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWithoutEndingTheConnection(String name, byte[] wire, int fdCount, String text)
      throws Exception {
    int[] fds = TestFds.eventfds(fdCount);
    try {
      ProtocolException e = assertThrows(ProtocolException.class, () -> decode(wire, fds));
      assertFalse(e.fatal(), "fatal");
      assertTrue(e.getMessage().contains(text), e.getMessage());
      assertEquals(
          Header.decode(ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN), 0), e.header());
      TestFds.assertClosed(fds);
    } finally {
      TestFds.closeAll(fds);
    }
  }

  // ---- edges that are valid ----

  @Test
  void acceptsRingSizesAtTheBounds() throws Exception {
    assertEquals(new VringState(0, 1), decode(state(Request.SET_VRING_NUM, 0, 1)).payload());
    assertEquals(new VringState(1, 1024), decode(state(Request.SET_VRING_NUM, 1, 1024)).payload());
    assertEquals(
        new VringState(1, 0xffff), decode(state(Request.SET_VRING_BASE, 1, 0xffff)).payload());
  }

  @Test
  void acceptsConfigAccessEndingExactlyAtTheEnd() throws Exception {
    assertEquals(
        new ConfigAccess(135, 1, 0, new byte[1]),
        decode(config(Request.GET_CONFIG, 135, 1, 0, 1)).payload());
    assertEquals(
        new ConfigAccess(136, 0, 0, new byte[0]),
        decode(config(Request.GET_CONFIG, 136, 0, 0, 0)).payload());
  }

  @Test
  void acceptsEightAdjacentRegionsAndTheLogFlag() throws Exception {
    long[] fields = new long[32];
    for (int i = 0; i < 8; i++) {
      fields[i * 4] = i * 0x1000L;
      fields[i * 4 + 1] = 0x1000;
      fields[i * 4 + 2] = 0x7f00_0000_0000L + i * 0x1000L;
      fields[i * 4 + 3] = 0;
    }
    int[] fds = TestFds.eventfds(8);
    try {
      Message m = decode(memTable(8, fields), fds);
      assertEquals(8, ((MemoryTable) m.payload()).regions().size());
    } finally {
      TestFds.closeAll(fds);
    }
    assertEquals(1, ((VringAddress) decode(addr(0, 1, 0, 0, 0)).payload()).flags());
  }

  @Test
  void acceptsTheRegionAtTheTopOfGuestMemory() throws Exception {
    int[] fds = TestFds.eventfds(1);
    try {
      long gpa = 0xffff_ffff_ffff_e000L;
      Message m = decode(memTable(1, gpa, 0x1000, 0x1000, Long.MAX_VALUE - 0x1000), fds);
      assertEquals(gpa, ((MemoryTable) m.payload()).regions().get(0).guestPhysAddr());
    } finally {
      TestFds.closeAll(fds);
    }
  }

  @Test
  void namesEveryRequestIdInMessages() {
    assertEquals("SET_VRING_KICK", Request.describe(12));
    assertEquals("SET_LOG_FD", Request.describe(7));
    assertEquals("CHECK_DEVICE_STATE", Request.describe(43));
    assertEquals("request 4294967295", Request.describe(-1));
    assertNull(Request.of(6));
    for (Request r : Request.values()) {
      assertEquals(r, Request.of(r.id));
    }
  }
}
