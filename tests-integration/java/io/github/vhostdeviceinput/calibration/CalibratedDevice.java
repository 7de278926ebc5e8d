// The devices the calibration compares: the fake's four profiles and three made up to reach
// corners.
package io.github.vhostdeviceinput.calibration;

import io.github.vhostdeviceinput.fixture.DeviceSpec;

/**
 * A device served by the fake on the host and, with the same capabilities, by uinput in a guest.
 */
enum CalibratedDevice {
  KEYBOARD(DeviceSpec.KEYBOARD, 64),
  MOUSE(DeviceSpec.MOUSE, 128),
  TABLET(DeviceSpec.TABLET, 128),
  MULTITOUCH(DeviceSpec.MULTITOUCH, 512),
  /** No profile has fuzz; this one has it on a plain axis and on a per-slot axis. */
  FUZZY_TOUCHSCREEN(
      DeviceSpec.definition(
          "profile multitouch\n"
              + "name \"calibration fuzzy touchscreen\"\n"
              + "abs ABS_X min=0 max=32767 fuzz=64 flat=16 res=128\n"
              + "abs ABS_MT_POSITION_X min=0 max=32767 fuzz=64 flat=16 res=128\n"),
      512),
  /**
   * Slots without ABS_MT_TRACKING_ID and with fuzz on ABS_MT_SLOT: the kernel's
   * input_mt_init_slots() has its own idea of both axes.
   */
  BARE_SLOTS(
      DeviceSpec.definition(
          "name \"calibration bare slots\"\n"
              + "id bustype=BUS_VIRTUAL vendor=0xfeed product=0x00c6 version=0x0001\n"
              + "prop INPUT_PROP_DIRECT\n"
              + "key BTN_TOUCH\n"
              + "abs ABS_MT_SLOT min=0 max=3 fuzz=2 flat=1\n"
              + "abs ABS_MT_POSITION_X min=0 max=4095 res=10\n"
              + "abs ABS_MT_POSITION_Y min=0 max=4095 res=10\n"),
      256),
  /** No profile has switches or sounds; the state of switches is resynced after a drop. */
  SWITCHES(
      DeviceSpec.definition(
          "name \"calibration switches\"\n"
              + "id bustype=BUS_VIRTUAL vendor=0xfeed product=0x00c5 version=0x0001\n"
              + "sw SW_LID SW_TABLET_MODE SW_HEADPHONE_INSERT\n"
              + "snd SND_BELL SND_TONE\n"),
      64);

  /** What the fake is started with. */
  final DeviceSpec spec;

  /**
   * The events a reader's queue holds in the kernel, from evdev_compute_buffer_size(): 8 packets of
   * input_estimate_events_per_packet() events, at least 64, rounded up to a power of two. The queue
   * overflows when it would hold this many, so queueSize - 1 unread events still fit.
   */
  final int queueSize;

  CalibratedDevice(DeviceSpec spec, int queueSize) {
    this.spec = spec;
    this.queueSize = queueSize;
  }
}
