// The GET_CONFIG/SET_CONFIG payload: a byte range of the device config space and its contents.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {le32 offset, le32 size, le32 flags, u8 data[size]}. Whether the range lies inside this device's
 * config space is checked by the codec, since a range outside it is answered with an error rather
 * than a disconnect.
 *
 * @param flags 0 for a front-end access, 1 (FLAG_MIGRATION) for live migration
 */
record ConfigAccess(int offset, int size, int flags, byte[] data) implements Payload {
  static final int HEADER_SIZE = 12;

  /** VHOST_USER_MAX_CONFIG_SIZE. */
  static final int MAX_SIZE = 256;

  static final int FLAG_MIGRATION = 0x1;

  ConfigAccess {
    if (Integer.compareUnsigned(size, MAX_SIZE) > 0) {
      throw new IllegalArgumentException(
          "config size " + Integer.toUnsignedString(size) + " exceeds " + MAX_SIZE);
    }
    if (data.length != size) {
      throw new IllegalArgumentException(data.length + " config bytes for size " + size);
    }
    if ((flags & ~FLAG_MIGRATION) != 0) {
      throw new IllegalArgumentException("unknown config flags 0x" + Integer.toHexString(flags));
    }
    data = data.clone();
  }

  static ConfigAccess decode(ByteBuffer buf, int offset, int payloadSize) {
    int size = buf.getInt(offset + 4);
    if (Integer.toUnsignedLong(size) + HEADER_SIZE != payloadSize) {
      throw new IllegalArgumentException(
          "payload of "
              + payloadSize
              + " bytes for "
              + Integer.toUnsignedString(size)
              + " config bytes");
    }
    byte[] data = new byte[size];
    buf.get(offset + HEADER_SIZE, data);
    return new ConfigAccess(buf.getInt(offset), size, buf.getInt(offset + 8), data);
  }

  /** The first byte after the range, as a long so that it cannot overflow. */
  long end() {
    return Integer.toUnsignedLong(offset) + Integer.toUnsignedLong(size);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public int wireSize() {
    return HEADER_SIZE + size;
  }

  @Override
  public void encode(ByteBuffer buf, int offset) {
    buf.putInt(offset, this.offset).putInt(offset + 4, size).putInt(offset + 8, flags);
    buf.put(offset + HEADER_SIZE, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigAccess c
        && c.offset == offset
        && c.size == size
        && c.flags == flags
        && Arrays.equals(c.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * offset + size) + flags) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "{offset="
        + Integer.toUnsignedString(offset)
        + ", size="
        + Integer.toUnsignedString(size)
        + ", flags=0x"
        + Integer.toHexString(flags)
        + "}";
  }
}
