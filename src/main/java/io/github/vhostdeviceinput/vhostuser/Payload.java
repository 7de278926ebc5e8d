// A vhost-user message payload: one record per wire layout, each validated when it is built.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;

/**
 * The body after the header. Records throw {@link IllegalArgumentException} from their constructors
 * and decoders when values break the protocol; the codec turns that into a {@link
 * ProtocolException} naming the request.
 */
sealed interface Payload
    permits U64, VringState, VringAddress, VringFile, MemoryTable, ConfigAccess {
  /** The payload's size on the wire in bytes. */
  int wireSize();

  /** Writes the payload at {@code offset} of a little-endian buffer. */
  void encode(ByteBuffer buf, int offset);

  /** Rejects a queue index this device does not have; u32 on the wire, so compared unsigned. */
  static void checkQueue(int index) {
    if (Integer.compareUnsigned(index, Limits.QUEUE_COUNT) >= 0) {
      throw new IllegalArgumentException(
          "queue index " + Integer.toUnsignedString(index) + " is not below " + Limits.QUEUE_COUNT);
    }
  }
}
