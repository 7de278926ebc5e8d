// The virtio and vhost-user protocol feature bits this backend offers, with the reason for each.
package io.github.vhostdeviceinput.vhostuser;

/** Feature bits offered in GET_FEATURES and GET_PROTOCOL_FEATURES. */
final class Features {
  /** The data plane follows indirect descriptor tables; Linux may use them for status buffers. */
  static final long RING_INDIRECT_DESC = 1L << 28;

  /** Lets the guest suppress interrupts it does not need; the data plane honours used_event. */
  static final long RING_EVENT_IDX = 1L << 29;

  /** Gates protocol feature negotiation, and so REPLY_ACK, CONFIG and ring enabling. */
  static final long PROTOCOL_FEATURES = 1L << 30;

  /** virtio_input refuses legacy devices. */
  static final long VERSION_1 = 1L << 32;

  static final long OFFERED = RING_INDIRECT_DESC | RING_EVENT_IDX | PROTOCOL_FEATURES | VERSION_1;

  /**
   * QEMU asks GET_QUEUE_NUM only with MQ; the spec asks back-ends to offer it even for devices with
   * a fixed number of queues.
   */
  static final long PROTOCOL_MQ = 1L << 0;

  /** Gives the front-end a success or failure answer to any request, so errors surface early. */
  static final long PROTOCOL_REPLY_ACK = 1L << 3;

  /** QEMU 9 and later refuse a vhost-user-input back-end without it: the config space. */
  static final long PROTOCOL_CONFIG = 1L << 9;

  /** Lets QEMU reset the device without dropping the connection. */
  static final long PROTOCOL_RESET_DEVICE = 1L << 13;

  static final long OFFERED_PROTOCOL =
      PROTOCOL_MQ | PROTOCOL_REPLY_ACK | PROTOCOL_CONFIG | PROTOCOL_RESET_DEVICE;

  private Features() {}
}
