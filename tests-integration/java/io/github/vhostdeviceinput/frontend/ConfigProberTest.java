// Checks config probing against a peer: the parsed result, Linux's probe order, and message shapes.
package io.github.vhostdeviceinput.frontend;

import static io.github.vhostdeviceinput.frontend.PeerBackend.bitmap;
import static io.github.vhostdeviceinput.frontend.PeerBackend.key;
import static io.github.vhostdeviceinput.frontend.VirtioInput.ABS_MT_SLOT;
import static io.github.vhostdeviceinput.frontend.VirtioInput.ABS_X;
import static io.github.vhostdeviceinput.frontend.VirtioInput.ABS_Y;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_ABS_INFO;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_EV_BITS;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_ID_DEVIDS;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_ID_NAME;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_ID_SERIAL;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_PROP_BITS;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_UNSET;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_ABS;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_FF;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_KEY;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_LED;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_MSC;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_REL;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_REP;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_SND;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_SW;
import static io.github.vhostdeviceinput.frontend.VirtioInput.KEY_A;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigProberTest {
  @TempDir Path dir;

  /** Config offset and size of a GET_CONFIG or SET_CONFIG. */
  private record Access(int request, int offset, int size, byte[] data) {}

  private static List<Access> configAccesses(PeerBackend peer) {
    List<Access> out = new ArrayList<>();
    for (Message m : peer.received()) {
      ByteBuffer p = m.payloadBuffer();
      byte[] data = new byte[m.size() - 12];
      p.get(12, data);
      out.add(new Access(m.request(), p.getInt(0), p.getInt(4), data));
    }
    return out;
  }

  private ProbedConfig probe(
      PeerBackend peer, ConfigWriteStyle w, ConfigReadStyle r, boolean allTypes) throws Exception {
    try (VhostUserConnection conn =
        VhostUserConnection.connect(peer.socket(), Duration.ofSeconds(2))) {
      VhostUserClient client = new VhostUserClient(conn, Duration.ofSeconds(2));
      return new ConfigProber(new ConfigSpace(client, w, r)).probe(allTypes);
    }
  }

  static Stream<Arguments> styles() {
    List<Arguments> all = new ArrayList<>();
    for (ConfigWriteStyle w : ConfigWriteStyle.values()) {
      for (ConfigReadStyle r : ConfigReadStyle.values()) {
        all.add(Arguments.of(w, r));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} writes, {1} reads")
  @MethodSource("styles")
  void everyStyleReadsTheSameDevice(ConfigWriteStyle w, ConfigReadStyle r) throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice())) {
      ProbedConfig c = probe(peer, w, r, true);
      assertSampleDevice(c, true);

      List<Access> accesses = configAccesses(peer);
      for (Access a : accesses) {
        if (a.request() == Request.SET_CONFIG.id()) {
          if (w == ConfigWriteStyle.QEMU_WHOLE) {
            assertEquals(List.of(0, 136), List.of(a.offset(), a.size()));
          } else {
            assertEquals(1, a.size());
            assertTrue(a.offset() == 0 || a.offset() == 1);
          }
        } else {
          switch (r) {
            case QEMU_PER_ACCESS, WHOLE_ONCE ->
                assertEquals(List.of(0, 136), List.of(a.offset(), a.size()));
            case BYTEWISE -> assertEquals(1, a.size());
            case EXACT -> assertTrue(Set.of(1, 2, 4).contains(a.size()));
          }
        }
      }
      long writes = accesses.stream().filter(a -> a.request() == Request.SET_CONFIG.id()).count();
      long reads = accesses.size() - writes;
      int selects = 4 + 32 + 3; // name, serial, devids, props; 32 types; 3 axes
      assertEquals(2L * selects, writes, "two guest writes per select");
      if (r == ConfigReadStyle.WHOLE_ONCE) {
        assertEquals(selects, reads);
      }
    }
  }

  static void assertSampleDevice(ProbedConfig c, boolean allTypes) {
    assertArrayEquals("peer test device".getBytes(StandardCharsets.US_ASCII), c.name());
    assertArrayEquals("peer-0001".getBytes(StandardCharsets.US_ASCII), c.serial());
    assertEquals(Optional.of(new ProbedConfig.DevIds(0x06, 0x1af4, 0x1052, 0x0001)), c.devIds());
    assertEquals(8, c.devIdsSize());
    assertArrayEquals(new byte[] {0x02}, c.propBits());
    assertTrue(c.hasProperty(1));
    assertEquals(42, c.eventBitsSizes().get(EV_KEY), "bit 0x14a needs 42 bytes");
    assertEquals(2, c.eventBitsSizes().get(EV_REL));
    assertEquals(6, c.eventBitsSizes().get(EV_ABS));
    assertEquals(1, c.eventBitsSizes().get(EV_MSC));
    assertEquals(0, c.eventBitsSizes().get(EV_SW));
    assertEquals(1, c.eventBitsSizes().get(EV_LED));
    assertEquals(0, c.eventBitsSizes().get(EV_SND));
    assertEquals(1, c.eventBitsSizes().get(EV_REP));
    assertTrue(c.hasCode(EV_KEY, KEY_A));
    assertTrue(c.hasCode(EV_KEY, 0x14a));
    assertFalse(c.hasCode(EV_KEY, KEY_A + 1));
    assertArrayEquals(new byte[] {0x07}, c.eventBits(EV_LED));
    assertEquals(
        Map.of(
            ABS_X, new ProbedConfig.Axis(0, 32767, 0, 0, 12),
            ABS_Y, new ProbedConfig.Axis(-100, 100, 4, 8, 0),
            ABS_MT_SLOT, new ProbedConfig.Axis(0, 9, 0, 0, 0)),
        c.absInfo());
    assertEquals(Map.of(ABS_X, 20, ABS_Y, 20, ABS_MT_SLOT, 20), c.absInfoSizes());
    if (allTypes) {
      assertEquals(32, c.eventBitsSizes().size());
      assertArrayEquals(bitmap(0x50), c.eventBits(EV_FF));
      assertArrayEquals(new byte[] {0x03}, c.eventBits(EV_REP));
    } else {
      assertEquals(
          Set.of(EV_REP, EV_KEY, EV_REL, EV_ABS, EV_MSC, EV_SW, EV_LED, EV_SND),
          c.eventBitsSizes().keySet());
      assertFalse(c.eventBits().containsKey(EV_REP), "Linux reads only the size of EV_REP");
    }
    assertEquals(List.of(), c.problems());
  }

  @Test
  void selectsComeInLinuxOrderWithLinuxAccessWidths() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice())) {
      assertSampleDevice(
          probe(peer, ConfigWriteStyle.LINUX_BYTES, ConfigReadStyle.EXACT, false), false);
      List<Access> accesses = configAccesses(peer);
      List<List<Integer>> selects = new ArrayList<>();
      int select = -1;
      for (Access a : accesses) {
        if (a.request() == Request.SET_CONFIG.id() && a.offset() == 0) {
          select = a.data()[0];
        } else if (a.request() == Request.SET_CONFIG.id()) {
          selects.add(List.of(select, (int) a.data()[0]));
        }
      }
      assertEquals(
          List.of(
              List.of(CFG_ID_NAME, 0),
              List.of(CFG_ID_SERIAL, 0),
              List.of(CFG_ID_DEVIDS, 0),
              List.of(CFG_PROP_BITS, 0),
              List.of(CFG_EV_BITS, EV_REP),
              List.of(CFG_EV_BITS, EV_KEY),
              List.of(CFG_EV_BITS, EV_REL),
              List.of(CFG_EV_BITS, EV_ABS),
              List.of(CFG_EV_BITS, EV_MSC),
              List.of(CFG_EV_BITS, EV_SW),
              List.of(CFG_EV_BITS, EV_LED),
              List.of(CFG_EV_BITS, EV_SND),
              List.of(CFG_ABS_INFO, ABS_X),
              List.of(CFG_ABS_INFO, ABS_Y),
              List.of(CFG_ABS_INFO, ABS_MT_SLOT)),
          selects);

      // the reads after the last select: size, then min, max, res, fuzz, flat as le32
      List<List<Integer>> lastReads = new ArrayList<>();
      for (Access a : accesses.subList(accesses.size() - 6, accesses.size())) {
        lastReads.add(List.of(a.offset(), a.size()));
      }
      assertEquals(
          List.of(
              List.of(2, 1),
              List.of(8, 4),
              List.of(12, 4),
              List.of(24, 4),
              List.of(16, 4),
              List.of(20, 4)),
          lastReads);
      // devids: four le16 reads after its size
      long le16Reads = accesses.stream().filter(a -> a.size() == 2).count();
      assertEquals(4, le16Reads);
    }
  }

  @Test
  void qemuWholeWritesCarryTheCopyWithTheStaleSubselAndSize() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice())) {
      probe(peer, ConfigWriteStyle.QEMU_WHOLE, ConfigReadStyle.QEMU_PER_ACCESS, false);
      List<Access> writes =
          configAccesses(peer).stream()
              .filter(a -> a.request() == Request.SET_CONFIG.id())
              .toList();
      // first select: nothing read yet, so the rest is zero
      assertArrayEquals(new byte[] {1, 0, 0}, Arrays.copyOf(writes.get(0).data(), 3));
      // writes 6 and 7 select PROP_BITS (0x10) after devids (size 8 still in the copy)
      assertArrayEquals(new byte[] {0x10, 0, 8}, Arrays.copyOf(writes.get(6).data(), 3));
      // writes 8 and 9 select EV_BITS/EV_REP: the first still has subsel 0 and PROP size 1
      assertArrayEquals(new byte[] {0x11, 0, 1}, Arrays.copyOf(writes.get(8).data(), 3));
      assertArrayEquals(new byte[] {0x11, EV_REP, 1}, Arrays.copyOf(writes.get(9).data(), 3));
      // and the union bytes of the last read ride along too (PROP_BITS bitmap 0x02)
      assertEquals(0x02, writes.get(8).data()[8]);
    }
  }

  @Test
  void aSizeBeyondTheUnionIsClampedAndReported() throws Exception {
    Map<Integer, byte[]> table = new HashMap<>(PeerBackend.sampleDevice());
    byte[] longName = new byte[130];
    Arrays.fill(longName, (byte) 'n');
    table.put(key(CFG_ID_NAME, 0), longName);
    table.remove(key(CFG_ID_DEVIDS, 0));
    try (PeerBackend peer = new PeerBackend(dir, table)) {
      ProbedConfig c = probe(peer, ConfigWriteStyle.LINUX_BYTES, ConfigReadStyle.BYTEWISE, false);
      assertEquals(128, c.name().length);
      assertEquals(1, c.problems().size());
      assertTrue(c.problems().get(0).contains("size 130"), c.problems().toString());
      assertEquals(Optional.empty(), c.devIds(), "size < 8: Linux falls back to BUS_VIRTUAL");
      assertEquals(0, c.devIdsSize());
    }
  }

  @Test
  void anySlotCanBeReadAlone() throws Exception {
    try (PeerBackend peer = new PeerBackend(dir, PeerBackend.sampleDevice());
        VhostUserConnection conn =
            VhostUserConnection.connect(peer.socket(), Duration.ofSeconds(2))) {
      ConfigProber p =
          new ConfigProber(
              new ConfigSpace(
                  new VhostUserClient(conn, Duration.ofSeconds(2)),
                  ConfigWriteStyle.QEMU_WHOLE,
                  ConfigReadStyle.QEMU_PER_ACCESS));
      assertEquals(0, p.slot(CFG_UNSET, 0).size());
      assertEquals(0, p.slot(0x7f, 3).size());
      ConfigSlot abs = p.slot(CFG_ABS_INFO, ABS_Y);
      assertEquals(20, abs.size());
      assertEquals(-100, ByteBuffer.wrap(abs.data()).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
    }
  }
}
