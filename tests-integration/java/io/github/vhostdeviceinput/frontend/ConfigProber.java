// Probes the virtio-input config space in the order and with the accesses of Linux's virtio_input.
package io.github.vhostdeviceinput.frontend;

import static io.github.vhostdeviceinput.frontend.VirtioInput.ABS_CNT;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_ABS_INFO;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_EV_BITS;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_ID_DEVIDS;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_ID_NAME;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_ID_SERIAL;
import static io.github.vhostdeviceinput.frontend.VirtioInput.CFG_PROP_BITS;
import static io.github.vhostdeviceinput.frontend.VirtioInput.DEVIDS_SIZE;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_ABS;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_KEY;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_LED;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_MAX;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_MSC;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_REL;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_REP;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_SND;
import static io.github.vhostdeviceinput.frontend.VirtioInput.EV_SW;
import static io.github.vhostdeviceinput.frontend.VirtioInput.OFFSET_UNION;
import static io.github.vhostdeviceinput.frontend.VirtioInput.UNION_SIZE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * virtinput_probe's config reads: ID_NAME, ID_SERIAL, ID_DEVIDS (four le16 reads if size >= 8),
 * PROP_BITS, EV_BITS for EV_REP (size only), then KEY, REL, ABS, MSC, SW, LED, SND (size, then the
 * bitmap byte by byte), then ABS_INFO for every axis in the ABS bitmap (le32 reads of min, max,
 * res, fuzz, flat, without looking at the size). Optionally, before ABS_INFO, every other event
 * type 0..0x1f and the EV_REP bitmap are read too, for completeness.
 *
 * <p>Unlike Linux, which keeps 64 bytes of name and serial, all {@code size} bytes are read.
 */
final class ConfigProber {
  /** The types Linux probes with virtinput_cfg_bits, in its order. */
  static final int[] LINUX_TYPES = {EV_KEY, EV_REL, EV_ABS, EV_MSC, EV_SW, EV_LED, EV_SND};

  private final ConfigSpace cs;
  private final List<String> problems = new ArrayList<>();

  ConfigProber(ConfigSpace cs) {
    this.cs = cs;
  }

  ProbedConfig probe(boolean allTypes) throws VhostUserException {
    byte[] name = bytesOf(CFG_ID_NAME, 0);
    byte[] serial = bytesOf(CFG_ID_SERIAL, 0);

    int devIdsSize = cs.select(CFG_ID_DEVIDS, 0);
    Optional<ProbedConfig.DevIds> devIds = Optional.empty();
    if (devIdsSize >= DEVIDS_SIZE) {
      devIds =
          Optional.of(
              new ProbedConfig.DevIds(
                  cs.readLe16(OFFSET_UNION),
                  cs.readLe16(OFFSET_UNION + 2),
                  cs.readLe16(OFFSET_UNION + 4),
                  cs.readLe16(OFFSET_UNION + 6)));
    }

    byte[] props = bytesOf(CFG_PROP_BITS, 0);

    Map<Integer, Integer> sizes = new HashMap<>();
    Map<Integer, byte[]> bits = new HashMap<>();
    int repSize = cs.select(CFG_EV_BITS, EV_REP);
    sizes.put(EV_REP, repSize);
    if (allTypes && repSize > 0) {
      bits.put(EV_REP, union(repSize, CFG_EV_BITS, EV_REP));
    }
    Set<Integer> order = new LinkedHashSet<>();
    for (int t : LINUX_TYPES) {
      order.add(t);
    }
    if (allTypes) {
      for (int t = 0; t <= EV_MAX; t++) {
        if (t != EV_REP) {
          order.add(t);
        }
      }
    }
    for (int type : order) {
      int size = cs.select(CFG_EV_BITS, type);
      sizes.put(type, size);
      if (size > 0) {
        bits.put(type, union(size, CFG_EV_BITS, type));
      }
    }

    Map<Integer, ProbedConfig.Axis> abs = new HashMap<>();
    Map<Integer, Integer> absSizes = new HashMap<>();
    byte[] absBits = bits.get(EV_ABS);
    if (absBits != null) {
      for (int axis = 0; axis < ABS_CNT; axis++) {
        if (!ProbedConfig.bit(absBits, axis)) {
          continue;
        }
        absSizes.put(axis, cs.select(CFG_ABS_INFO, axis));
        int min = cs.readLe32(OFFSET_UNION);
        int max = cs.readLe32(OFFSET_UNION + 4);
        int res = cs.readLe32(OFFSET_UNION + 16);
        int fuzz = cs.readLe32(OFFSET_UNION + 8);
        int flat = cs.readLe32(OFFSET_UNION + 12);
        abs.put(axis, new ProbedConfig.Axis(min, max, fuzz, flat, res));
      }
    }
    return new ProbedConfig(
        name, serial, devIds, devIdsSize, props, sizes, bits, abs, absSizes, problems);
  }

  /** Any (select, subsel): the size, then min(size, 128) union bytes read byte by byte. */
  ConfigSlot slot(int select, int subsel) throws VhostUserException {
    int size = cs.select(select, subsel);
    return new ConfigSlot(select, subsel, size, union(size, select, subsel));
  }

  private byte[] bytesOf(int select, int subsel) throws VhostUserException {
    return union(cs.select(select, subsel), select, subsel);
  }

  private byte[] union(int size, int select, int subsel) throws VhostUserException {
    int n = size;
    if (n > UNION_SIZE) {
      problems.add(
          String.format(
              "select 0x%02x subsel 0x%02x reports size %d, more than the 128-byte union",
              select, subsel, size));
      n = UNION_SIZE;
    }
    return cs.readBytes(OFFSET_UNION, n);
  }
}
