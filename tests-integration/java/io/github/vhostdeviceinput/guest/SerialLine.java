// One line the guest or QEMU printed, with where it came from and when it arrived.
package io.github.vhostdeviceinput.guest;

import java.time.Duration;

/**
 * A line from one of QEMU's outputs.
 *
 * @param port where the line came from
 * @param at when it arrived, counted from the start of QEMU
 * @param text the line without its line end
 */
public record SerialLine(Port port, Duration at, String text) {

  /** Where a line came from. */
  public enum Port {
    /** ttyS0: kernel messages and init. */
    CONSOLE,
    /** ttyS1: the guest agent's lines. */
    AGENT,
    /** QEMU's own standard error. */
    QEMU
  }

  @Override
  public String toString() {
    return String.format("[%8.3f %-7s] %s", at.toNanos() / 1e9, port, text);
  }
}
