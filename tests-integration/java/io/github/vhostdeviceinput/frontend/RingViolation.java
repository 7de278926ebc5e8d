// Something the back-end did to a ring that a driver would not accept, recorded instead of thrown.
package io.github.vhostdeviceinput.frontend;

/**
 * A back-end misbehaviour the guest driver emulation noticed, e.g. a used entry for a buffer that
 * was not posted, or a wrong used length.
 *
 * @param queue the queue index (0 events, 1 status; -1 for none)
 * @param what a description naming the indices and values involved
 * @param nanoTime when it was seen ({@link System#nanoTime()})
 */
public record RingViolation(int queue, String what, long nanoTime) {
  @Override
  public String toString() {
    return "queue " + queue + ": " + what;
  }
}
