// Bit numbers and masks of the vhost-user header flags, virtio features and protocol features.
package io.github.vhostdeviceinput.frontend;

/** Constants from the vhost-user and virtio specifications, defined here independently. */
public final class FeatureBits {
  /** Header flags: version in bits 0-1, REPLY bit 2, NEED_REPLY bit 3. */
  public static final int HEADER_VERSION = 0x1;

  public static final int HEADER_VERSION_MASK = 0x3;
  public static final int HEADER_REPLY = 0x4;
  public static final int HEADER_NEED_REPLY = 0x8;

  /** Virtio feature bits (as masks). */
  public static final long VIRTIO_RING_F_INDIRECT_DESC = 1L << 28;

  public static final long VIRTIO_RING_F_EVENT_IDX = 1L << 29;

  /** Reused by vhost-user: the back-end speaks GET/SET_PROTOCOL_FEATURES. */
  public static final long VHOST_USER_F_PROTOCOL_FEATURES = 1L << 30;

  public static final long VIRTIO_F_VERSION_1 = 1L << 32;

  /** vhost-user protocol feature bits (as masks). */
  public static final long PROTOCOL_F_MQ = 1L << 0;

  public static final long PROTOCOL_F_LOG_SHMFD = 1L << 1;
  public static final long PROTOCOL_F_REPLY_ACK = 1L << 3;
  public static final long PROTOCOL_F_BACKEND_REQ = 1L << 5;
  public static final long PROTOCOL_F_CONFIG = 1L << 9;
  public static final long PROTOCOL_F_INFLIGHT_SHMFD = 1L << 12;
  public static final long PROTOCOL_F_RESET_DEVICE = 1L << 13;
  public static final long PROTOCOL_F_INBAND_NOTIFICATIONS = 1L << 14;
  public static final long PROTOCOL_F_CONFIGURE_MEM_SLOTS = 1L << 15;
  public static final long PROTOCOL_F_STATUS = 1L << 16;

  /** SET_VRING_KICK/CALL/ERR payload: bits 0-7 queue index, bit 8 "no fd attached". */
  public static final long VRING_INDEX_MASK = 0xff;

  public static final long VRING_NOFD_MASK = 1L << 8;

  /** Split ring flags. */
  public static final int VRING_DESC_F_NEXT = 1;

  public static final int VRING_DESC_F_WRITE = 2;
  public static final int VRING_DESC_F_INDIRECT = 4;
  public static final int VRING_USED_F_NO_NOTIFY = 1;
  public static final int VRING_AVAIL_F_NO_INTERRUPT = 1;

  private FeatureBits() {}
}
