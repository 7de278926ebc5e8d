// What libevdev says about a host device, read once, from which the config space is built.
package io.github.vhostdeviceinput.virtio;

import java.util.Map;

/**
 * A host device's identity and capabilities.
 *
 * <p>Bitmaps use evdev's (and virtio-input's) layout: bit n is bit {@code n % 8} of byte {@code n /
 * 8}. They are not trimmed here.
 *
 * @param name raw name bytes, without NUL; may be longer than 128 bytes and need not be UTF-8
 * @param uniq raw unique id (serial) bytes, possibly empty
 * @param bustype input_id bustype
 * @param vendor input_id vendor
 * @param product input_id product
 * @param version input_id version
 * @param propBits INPUT_PROP_* bitmap
 * @param eventBits code bitmap per event type (EV_KEY, EV_REL, ...), for each type the device has
 *     other than EV_SYN
 * @param absInfo range and resolution per ABS axis the device has
 */
public record DeviceFacts(
    byte[] name,
    byte[] uniq,
    int bustype,
    int vendor,
    int product,
    int version,
    byte[] propBits,
    Map<Integer, byte[]> eventBits,
    Map<Integer, AbsInfo> absInfo) {
  public DeviceFacts {
    name = name.clone();
    uniq = uniq.clone();
    propBits = propBits.clone();
    eventBits = Map.copyOf(eventBits);
    absInfo = Map.copyOf(absInfo);
  }
}
