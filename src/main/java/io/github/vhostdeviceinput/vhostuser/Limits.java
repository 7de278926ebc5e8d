// What this device accepts from a front-end: queues, ring sizes, memory regions, config space.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.virtio.InputConfig;

/** Bounds the codec enforces on peer data. */
final class Limits {
  /** virtio-input has eventq and statusq. */
  static final int QUEUE_COUNT = 2;

  /**
   * The largest ring accepted. QEMU cannot make a bigger one (its VIRTQUEUE_MAX_SIZE is 1024); QEMU
   * 9 and later use 4 for this device and older QEMU 64. The bound keeps the data plane's per-ring
   * state small.
   */
  static final int MAX_RING_SIZE = 1024;

  /** VHOST_MEMORY_BASELINE_NREGIONS: QEMU's limit without CONFIGURE_MEM_SLOTS. */
  static final int MAX_REGIONS = 8;

  static final int CONFIG_SPACE_SIZE = InputConfig.SIZE;

  private Limits() {}
}
