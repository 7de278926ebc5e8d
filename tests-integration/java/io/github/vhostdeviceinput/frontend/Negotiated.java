// What the front-end and back-end agreed on during start: features, protocol features, queues.
package io.github.vhostdeviceinput.frontend;

/**
 * @param offeredFeatures GET_FEATURES
 * @param ackedFeatures what SET_FEATURES sent
 * @param offeredProtocolFeatures GET_PROTOCOL_FEATURES
 * @param ackedProtocolFeatures what SET_PROTOCOL_FEATURES sent
 * @param queueNum GET_QUEUE_NUM, or -1 if not asked (no PROTOCOL_F_MQ)
 */
public record Negotiated(
    long offeredFeatures,
    long ackedFeatures,
    long offeredProtocolFeatures,
    long ackedProtocolFeatures,
    long queueNum) {
  public boolean eventIdx() {
    return (ackedFeatures & FeatureBits.VIRTIO_RING_F_EVENT_IDX) != 0;
  }

  public boolean replyAck() {
    return (ackedProtocolFeatures & FeatureBits.PROTOCOL_F_REPLY_ACK) != 0;
  }
}
