// The guest kernel's current input state of one device, as the agent's state command printed it.
package io.github.vhostdeviceinput.guest;

import java.util.Collections;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code STATE} lines of one {@code state} command: what the kernel holds for the device now,
 * read with ioctls on the agent's file, not libevdev's view of it.
 *
 * @param tag the agent's name for the device
 * @param keys the keys and buttons down (EVIOCGKEY)
 * @param switches the switches on (EVIOCGSW)
 * @param leds the LEDs lit (EVIOCGLED)
 * @param abs the value of each axis (EVIOCGABS), by code; without ABS_MT_SLOT, and on a device with
 *     slots without the per-slot axes
 * @param slot the value of ABS_MT_SLOT, if the device has slots
 * @param mt per slot number, the value of each per-slot axis by code (EVIOCGMTSLOTS); empty if the
 *     device has no slots
 */
public record DeviceState(
    String tag,
    SortedSet<Integer> keys,
    SortedSet<Integer> switches,
    SortedSet<Integer> leds,
    SortedMap<Integer, Integer> abs,
    OptionalInt slot,
    SortedMap<Integer, SortedMap<Integer, Integer>> mt) {

  /** Collects STATE lines; {@link #build} makes the record. */
  static final class Builder {
    final String tag;
    final SortedSet<Integer> keys = new TreeSet<>();
    final SortedSet<Integer> switches = new TreeSet<>();
    final SortedSet<Integer> leds = new TreeSet<>();
    final SortedMap<Integer, Integer> abs = new TreeMap<>();
    OptionalInt slot = OptionalInt.empty();
    final SortedMap<Integer, SortedMap<Integer, Integer>> mt = new TreeMap<>();

    Builder(String tag) {
      this.tag = tag;
    }

    DeviceState build() {
      SortedMap<Integer, SortedMap<Integer, Integer>> mtCopy = new TreeMap<>();
      mt.forEach((n, values) -> mtCopy.put(n, unmodifiable(values)));
      return new DeviceState(
          tag,
          unmodifiable(keys),
          unmodifiable(switches),
          unmodifiable(leds),
          unmodifiable(abs),
          slot,
          Collections.unmodifiableSortedMap(mtCopy));
    }

    private static SortedSet<Integer> unmodifiable(SortedSet<Integer> set) {
      return Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }

    private static SortedMap<Integer, Integer> unmodifiable(SortedMap<Integer, Integer> map) {
      return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
  }
}
