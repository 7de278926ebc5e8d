// Turns what libevdev read from a fake device into the agent's "uinput create" capabilities.
package io.github.vhostdeviceinput.calibration;

import io.github.vhostdeviceinput.guest.AgentCommands;
import io.github.vhostdeviceinput.guest.DeviceFacts;
import io.github.vhostdeviceinput.guest.EventTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * Builds the capability tokens of {@code uinput create} from a device's facts. The calibration
 * takes them from the fake device as evdev-dump read it, so the guest's uinput twin has what the
 * fake serves, whatever the fake's definition says, and the two cannot drift apart.
 */
final class UinputSpec {
  /** The agent's names of types it takes as {@code TYPE=CODES}; ABS and REP have their own. */
  private static final Map<Integer, String> CODE_TYPES =
      Map.of(
          EventTypes.EV_KEY, "KEY",
          EventTypes.EV_REL, "REL",
          EventTypes.EV_MSC, "MSC",
          EventTypes.EV_SW, "SW",
          EventTypes.EV_LED, "LED",
          EventTypes.EV_SND, "SND",
          EventTypes.EV_FF, "FF",
          EventTypes.EV_PWR, "PWR",
          EventTypes.EV_FF_STATUS, "FF_STATUS");

  private UinputSpec() {}

  /**
   * The tokens after {@code uinput create ID}: name, phys, ids, properties, codes, axes and repeat.
   * The uniq string has no uinput ioctl, so it is left out.
   */
  static List<String> createTokens(DeviceFacts facts) {
    List<String> tokens = new ArrayList<>();
    tokens.add("name=" + AgentCommands.quote(facts.name()));
    if (!facts.phys().isEmpty()) {
      tokens.add("phys=" + AgentCommands.quote(facts.phys()));
    }
    DeviceFacts.InputId id = facts.id();
    tokens.add(String.format("bus=0x%04x", id.bus()));
    tokens.add(String.format("vendor=0x%04x", id.vendor()));
    tokens.add(String.format("product=0x%04x", id.product()));
    tokens.add(String.format("version=0x%04x", id.version()));
    if (!facts.props().isEmpty()) {
      tokens.add(
          "props=" + facts.props().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    for (int type : facts.types()) {
      if (type == EventTypes.EV_SYN || type == EventTypes.EV_ABS || type == EventTypes.EV_REP) {
        continue;
      }
      // A type without codes (EV_PWR) is enabled by TYPE= with an empty list.
      String name = CODE_TYPES.getOrDefault(type, String.valueOf(type));
      tokens.add(name + "=" + ranges(facts.codes(type)));
    }
    facts
        .abs()
        .forEach(
            (code, abs) ->
                tokens.add(
                    String.format(
                        "abs=%d:%d:%d:%d:%d:%d",
                        code, abs.min(), abs.max(), abs.fuzz(), abs.flat(), abs.resolution())));
    facts.repeat().ifPresent(r -> tokens.add("rep=" + r.delay() + ":" + r.period()));
    return tokens;
  }

  /** Codes as the agent's list: runs of consecutive codes become {@code A-B}. */
  static String ranges(SortedSet<Integer> codes) {
    List<String> parts = new ArrayList<>();
    Integer first = null;
    Integer last = null;
    for (int code : codes) {
      if (last != null && code == last + 1) {
        last = code;
        continue;
      }
      if (first != null) {
        parts.add(first.equals(last) ? String.valueOf(first) : first + "-" + last);
      }
      first = code;
      last = code;
    }
    if (first != null) {
      parts.add(first.equals(last) ? String.valueOf(first) : first + "-" + last);
    }
    return String.join(",", parts);
  }

  /**
   * The facts a uinput twin is expected to share with the fake device: everything but the tag, the
   * path, uniq (no uinput ioctl sets it) and the input state.
   */
  static DeviceFacts comparable(DeviceFacts f) {
    return new DeviceFacts(
        "",
        "",
        f.name(),
        f.phys(),
        "",
        f.id(),
        f.driverVersion(),
        f.props(),
        f.types(),
        f.bits(),
        f.abs(),
        f.mtSlots(),
        f.repeat(),
        Collections.emptySortedMap());
  }
}
