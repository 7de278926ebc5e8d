// Reads a host device's identity and capabilities through libevdev, once, for the config space.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.virtio.AbsInfo;
import io.github.vhostdeviceinput.virtio.DeviceFacts;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link DeviceFacts} from an open evdev handle. */
final class DeviceFactsReader {
  /** linux/input-event-codes.h: EV_SYN, and the largest type and code numbers. */
  static final int EV_SYN = 0x00;

  static final int EV_KEY = 0x01;
  static final int EV_ABS = 0x03;
  static final int EV_MAX = 0x1f;
  static final int ABS_MAX = 0x3f;

  /** Bytes for the largest bitmap (KEY_MAX 0x2ff: 768 bits). */
  static final int BITMAP_BYTES = 96;

  private DeviceFactsReader() {}

  static DeviceFacts read(long evdev) throws NativeException {
    int[] ids = Native.evdevIds(evdev);
    byte[] types = Native.evdevBits(evdev, EV_SYN, 4);
    Map<Integer, byte[]> eventBits = new HashMap<>();
    for (int type = 1; type <= EV_MAX; type++) {
      if ((types[type / 8] & (1 << (type % 8))) != 0) {
        eventBits.put(type, Native.evdevBits(evdev, type, BITMAP_BYTES));
      }
    }
    Map<Integer, AbsInfo> absInfo = new HashMap<>();
    if (eventBits.containsKey(EV_ABS)) {
      for (int axis = 0; axis <= ABS_MAX; axis++) {
        int[] info = Native.evdevAbsInfo(evdev, axis);
        if (info != null) {
          absInfo.put(axis, new AbsInfo(info[0], info[1], info[2], info[3], info[4]));
        }
      }
    }
    return new DeviceFacts(
        Native.evdevName(evdev),
        Native.evdevUniq(evdev),
        ids[0],
        ids[1],
        ids[2],
        ids[3],
        Native.evdevBits(evdev, -1, 4),
        eventBits,
        absInfo);
  }
}
