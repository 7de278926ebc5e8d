// Names for the native device's counters, in the order the C side fills them.
package io.github.vhostdeviceinput.device;

/** One counter of {@code enum vdi_counter} in native/device.h. */
public enum DeviceCounters {
  PUMP_RETURNS,
  EVENTS_READ,
  EVENTS_DELIVERED,
  EVENTS_DISCARDED,
  FRAMES_DROPPED,
  FRAMES_SPLIT,
  RESYNCS,
  EVENTQ_CALLS,
  STATUSQ_CALLS,
  KICKS,
  BAD_BUFFERS,
  STATUS_APPLIED,
  STATUS_DROPPED
}
