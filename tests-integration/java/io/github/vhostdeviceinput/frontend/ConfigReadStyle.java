// How the front-end turns the guest's config reads into GET_CONFIG messages.
package io.github.vhostdeviceinput.frontend;

/** The shape of GET_CONFIG messages for the guest's config reads. */
public enum ConfigReadStyle {
  /** QEMU 10: one GET_CONFIG of the whole 136 bytes for every guest access (byte, le16, le32). */
  QEMU_PER_ACCESS,
  /** One GET_CONFIG of the exact offset and width of every guest access. */
  EXACT,
  /** One GET_CONFIG of one byte for every byte the guest reads. */
  BYTEWISE,
  /** One GET_CONFIG of the whole 136 bytes after each select, serving later reads from it. */
  WHOLE_ONCE
}
