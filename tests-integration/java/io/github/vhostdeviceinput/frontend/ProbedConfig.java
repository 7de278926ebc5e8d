// What the virtio-input config space told the emulated guest driver about the device.
package io.github.vhostdeviceinput.frontend;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device as the guest driver sees it after probing, with the sizes the back-end reported so
 * tests can check them too. Bitmaps are as read: bit n is bit {@code n % 8} of byte {@code n / 8},
 * {@code size} bytes long.
 *
 * @param name ID_NAME bytes (size bytes; Linux keeps at most 64 of them)
 * @param serial ID_SERIAL bytes
 * @param devIds ID_DEVIDS, empty if the size was below 8 (Linux then uses BUS_VIRTUAL)
 * @param devIdsSize the size reported for ID_DEVIDS
 * @param propBits PROP_BITS bitmap
 * @param eventBitsSizes the size reported for EV_BITS of each event type probed
 * @param eventBits the bitmap of each probed type whose size was non-zero
 * @param absInfo per axis set in the EV_ABS bitmap (only if that bitmap is non-empty, as Linux)
 * @param absInfoSizes the size reported for each ABS_INFO probed
 * @param problems sizes over 128 and the like, which the driver had to clamp
 */
public record ProbedConfig(
    byte[] name,
    byte[] serial,
    Optional<DevIds> devIds,
    int devIdsSize,
    byte[] propBits,
    Map<Integer, Integer> eventBitsSizes,
    Map<Integer, byte[]> eventBits,
    Map<Integer, Axis> absInfo,
    Map<Integer, Integer> absInfoSizes,
    List<String> problems) {

  /** struct virtio_input_devids. */
  public record DevIds(int bustype, int vendor, int product, int version) {}

  /** struct virtio_input_absinfo. */
  public record Axis(int min, int max, int fuzz, int flat, int resolution) {}

  public ProbedConfig {
    name = name.clone();
    serial = serial.clone();
    propBits = propBits.clone();
    eventBitsSizes = Map.copyOf(eventBitsSizes);
    eventBits = Map.copyOf(eventBits);
    absInfo = Map.copyOf(absInfo);
    absInfoSizes = Map.copyOf(absInfoSizes);
    problems = List.copyOf(problems);
  }

  @Override
  public byte[] name() {
    return name.clone();
  }

  @Override
  public byte[] serial() {
    return serial.clone();
  }

  @Override
  public byte[] propBits() {
    return propBits.clone();
  }

  /** The bitmap returned for {@code type}, or empty bytes. */
  public byte[] eventBits(int type) {
    byte[] b = eventBits.get(type);
    return b == null ? new byte[0] : b.clone();
  }

  /** Whether the EV_BITS bitmap of {@code type} has bit {@code code}. */
  public boolean hasCode(int type, int code) {
    return bit(eventBits.get(type), code);
  }

  public boolean hasProperty(int prop) {
    return bit(propBits, prop);
  }

  /** The name decoded as UTF-8 (for messages; compare {@link #name()} for exactness). */
  public String nameString() {
    return new String(name, StandardCharsets.UTF_8);
  }

  static boolean bit(byte[] bitmap, int n) {
    return bitmap != null
        && n >= 0
        && n / 8 < bitmap.length
        && (bitmap[n / 8] & (1 << (n % 8))) != 0;
  }
}
