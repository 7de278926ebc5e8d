// One connection's view of the virtio-input config space: the current selection and its image.
package io.github.vhostdeviceinput.virtio;

import java.util.Objects;

/**
 * Tracks what the driver selected and answers reads from the matching prepared image. Only the
 * {@code select} and {@code subsel} bytes are writable; writes to other bytes are ignored, since
 * QEMU 9 and later write back all 136 bytes whenever the guest writes one.
 *
 * <p>Used by one thread, the device's poll thread.
 */
public final class ConfigSpace {
  private final InputConfig config;

  /** The image shown for a selection the device has nothing for: size 0, zeroed union. */
  private final byte[] empty = new byte[InputConfig.SIZE];

  private byte[] current;
  private int select;
  private int subsel;

  ConfigSpace(InputConfig config) {
    this.config = config;
    reset();
  }

  /**
   * Applies a write of {@code data} at {@code offset}, of any size: a byte covering offset 0 sets
   * {@code select}, one covering offset 1 sets {@code subsel}. Linux writes them as two one-byte
   * writes; QEMU 9 and later send the whole 136 bytes at offset 0.
   *
   * @throws IndexOutOfBoundsException if the range leaves the config space
   */
  public void write(int offset, byte[] data) {
    Objects.checkFromIndexSize(offset, data.length, InputConfig.SIZE);
    if (offset <= InputConfig.SELECT_OFFSET && InputConfig.SELECT_OFFSET < offset + data.length) {
      select = data[InputConfig.SELECT_OFFSET - offset] & 0xff;
    }
    if (offset <= InputConfig.SUBSEL_OFFSET && InputConfig.SUBSEL_OFFSET < offset + data.length) {
      subsel = data[InputConfig.SUBSEL_OFFSET - offset] & 0xff;
    }
    reselect();
  }

  /**
   * Copies {@code dst.length} bytes of the current image from {@code offset} into {@code dst}.
   *
   * @throws IndexOutOfBoundsException if the range leaves the config space
   */
  public void read(int offset, byte[] dst) {
    Objects.checkFromIndexSize(offset, dst.length, InputConfig.SIZE);
    System.arraycopy(current, offset, dst, 0, dst.length);
  }

  /** Back to nothing selected, as after a device reset. */
  public void reset() {
    select = InputConfig.CFG_UNSET;
    subsel = 0;
    reselect();
  }

  public int select() {
    return select;
  }

  public int subsel() {
    return subsel;
  }

  private void reselect() {
    byte[] image = config.image(select, subsel);
    if (image == null) {
      empty[InputConfig.SELECT_OFFSET] = (byte) select;
      empty[InputConfig.SUBSEL_OFFSET] = (byte) subsel;
      image = empty;
    }
    current = image;
  }
}
