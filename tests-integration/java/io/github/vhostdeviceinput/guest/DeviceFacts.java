// What a libevdev client learns about a device when it opens it, as the agent printed it.
package io.github.vhostdeviceinput.guest;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The facts of one device: a {@code DEV} line, its {@code FACT} lines and {@code OPEN}.
 *
 * @param tag the agent's name for the device ({@code event1}, or a host path's basename)
 * @param path the device node
 * @param name EVIOCGNAME
 * @param phys EVIOCGPHYS, empty if none
 * @param uniq EVIOCGUNIQ, empty if none
 * @param id bus, vendor, product and version
 * @param driverVersion EVIOCGVERSION
 * @param props the input properties
 * @param types the event types
 * @param bits the codes of each type but SYN and REP
 * @param abs the range of each axis
 * @param mtSlots the multitouch slot count, if the device is multitouch
 * @param repeat the autorepeat delay and period, if the device has EV_REP
 * @param state the nonzero KEY, LED and SW values when the facts were printed
 */
public record DeviceFacts(
    String tag,
    String path,
    String name,
    String phys,
    String uniq,
    InputId id,
    int driverVersion,
    SortedSet<Integer> props,
    SortedSet<Integer> types,
    SortedMap<Integer, SortedSet<Integer>> bits,
    SortedMap<Integer, AbsInfo> abs,
    OptionalInt mtSlots,
    Optional<Repeat> repeat,
    SortedMap<Integer, SortedMap<Integer, Integer>> state) {

  /** EVIOCGID. */
  public record InputId(int bus, int vendor, int product, int version) {}

  /** EV_REP's REP_DELAY and REP_PERIOD. */
  public record Repeat(int delay, int period) {}

  /** The codes of one type; empty if the device does not have the type. */
  public SortedSet<Integer> codes(int type) {
    return bits.getOrDefault(type, Collections.emptySortedSet());
  }

  /** The nonzero state values of one type, by code. */
  public Map<Integer, Integer> stateOf(int type) {
    return state.getOrDefault(type, Collections.emptySortedMap());
  }

  /** Collects FACT lines; {@link #build} makes the record. */
  static final class Builder {
    final String tag;
    final String path;
    String name = "";
    String phys = "";
    String uniq = "";
    InputId id = new InputId(0, 0, 0, 0);
    int driverVersion;
    final SortedSet<Integer> props = new TreeSet<>();
    final SortedSet<Integer> types = new TreeSet<>();
    final SortedMap<Integer, SortedSet<Integer>> bits = new TreeMap<>();
    final SortedMap<Integer, AbsInfo> abs = new TreeMap<>();
    OptionalInt mtSlots = OptionalInt.empty();
    Optional<Repeat> repeat = Optional.empty();
    final SortedMap<Integer, SortedMap<Integer, Integer>> state = new TreeMap<>();

    Builder(String tag, String path) {
      this.tag = tag;
      this.path = path;
    }

    DeviceFacts build() {
      SortedMap<Integer, SortedSet<Integer>> bitsCopy = new TreeMap<>();
      bits.forEach((type, codes) -> bitsCopy.put(type, unmodifiable(codes)));
      SortedMap<Integer, SortedMap<Integer, Integer>> stateCopy = new TreeMap<>();
      state.forEach(
          (type, values) ->
              stateCopy.put(type, Collections.unmodifiableSortedMap(new TreeMap<>(values))));
      return new DeviceFacts(
          tag,
          path,
          name,
          phys,
          uniq,
          id,
          driverVersion,
          unmodifiable(props),
          unmodifiable(types),
          Collections.unmodifiableSortedMap(bitsCopy),
          Collections.unmodifiableSortedMap(new TreeMap<>(abs)),
          mtSlots,
          repeat,
          Collections.unmodifiableSortedMap(stateCopy));
    }

    private static SortedSet<Integer> unmodifiable(Set<Integer> set) {
      return Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }
  }
}
