// One (select, subsel) of the virtio-input config space as the guest read it: size and union bytes.
package io.github.vhostdeviceinput.frontend;

/**
 * @param select the select written
 * @param subsel the subsel written
 * @param size the size byte the back-end reported
 * @param data the first {@code min(size, 128)} union bytes
 */
public record ConfigSlot(int select, int subsel, int size, byte[] data) {
  public ConfigSlot {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
