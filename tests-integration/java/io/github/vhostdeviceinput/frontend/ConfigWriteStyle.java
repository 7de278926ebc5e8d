// How the guest's one-byte writes of select and subsel become SET_CONFIG messages.
package io.github.vhostdeviceinput.frontend;

/** The shape of SET_CONFIG messages for the guest's config writes. */
public enum ConfigWriteStyle {
  /**
   * One SET_CONFIG per guest write, of exactly the byte written: offset 0 size 1 (select), then
   * offset 1 size 1 (subsel). A front-end that forwards guest accesses unchanged does this.
   */
  LINUX_BYTES,
  /**
   * QEMU 10: the guest's byte goes into QEMU's cached copy of the config space, and the whole
   * 136-byte copy goes out at offset 0, once per guest write. So select is sent with the old subsel
   * (and stale size and union bytes), then again with the new subsel.
   */
  QEMU_WHOLE
}
