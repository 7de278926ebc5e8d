// The guest's config space accesses (byte writes, byte/le16/le32 reads) as vhost-user messages.
package io.github.vhostdeviceinput.frontend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns virtio config accesses, as the Linux driver makes them, into SET_CONFIG and GET_CONFIG
 * messages in the chosen styles. Keeps a copy of the whole config space, as QEMU does, for the
 * whole-space write style.
 */
final class ConfigSpace {
  private final VhostUserClient client;
  private final ConfigWriteStyle writeStyle;
  private final ConfigReadStyle readStyle;
  private final byte[] copy = new byte[VirtioInput.CONFIG_SIZE];
  private boolean copyFresh;

  ConfigSpace(VhostUserClient client, ConfigWriteStyle writeStyle, ConfigReadStyle readStyle) {
    this.client = client;
    this.writeStyle = writeStyle;
    this.readStyle = readStyle;
  }

  /** One guest write of one byte (virtio_cwrite8). */
  void writeByte(int offset, int value) throws VhostUserException {
    copy[offset] = (byte) value;
    copyFresh = false;
    switch (writeStyle) {
      case LINUX_BYTES -> client.setConfig(offset, new byte[] {(byte) value});
      case QEMU_WHOLE -> client.setConfig(0, copy.clone());
    }
  }

  /** One guest read access of {@code width} bytes (1, 2 or 4) at {@code offset}. */
  byte[] read(int offset, int width) throws VhostUserException {
    switch (readStyle) {
      case QEMU_PER_ACCESS -> refreshWhole();
      case WHOLE_ONCE -> {
        if (!copyFresh) {
          refreshWhole();
        }
      }
      case EXACT -> System.arraycopy(client.getConfig(offset, width), 0, copy, offset, width);
      case BYTEWISE -> {
        for (int i = 0; i < width; i++) {
          copy[offset + i] = client.getConfig(offset + i, 1)[0];
        }
      }
    }
    byte[] out = new byte[width];
    System.arraycopy(copy, offset, out, 0, width);
    return out;
  }

  private void refreshWhole() throws VhostUserException {
    System.arraycopy(client.getConfig(0, VirtioInput.CONFIG_SIZE), 0, copy, 0, copy.length);
    copyFresh = true;
  }

  int readU8(int offset) throws VhostUserException {
    return Byte.toUnsignedInt(read(offset, 1)[0]);
  }

  int readLe16(int offset) throws VhostUserException {
    return Short.toUnsignedInt(
        ByteBuffer.wrap(read(offset, 2)).order(ByteOrder.LITTLE_ENDIAN).getShort());
  }

  int readLe32(int offset) throws VhostUserException {
    return ByteBuffer.wrap(read(offset, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  /** virtio_cread_bytes: {@code n} one-byte reads. */
  byte[] readBytes(int offset, int n) throws VhostUserException {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = read(offset + i, 1)[0];
    }
    return out;
  }

  /** virtinput_cfg_select: write select, write subsel, read size. */
  int select(int select, int subsel) throws VhostUserException {
    writeByte(VirtioInput.OFFSET_SELECT, select);
    writeByte(VirtioInput.OFFSET_SUBSEL, subsel);
    return readU8(VirtioInput.OFFSET_SIZE);
  }
}
