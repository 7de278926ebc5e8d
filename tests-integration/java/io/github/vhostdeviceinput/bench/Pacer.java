// Paces injection at a fixed frame rate, catching up after oversleeping instead of drifting.
package io.github.vhostdeviceinput.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Slot i is due at start + i * period. {@link #awaitSlot} parks until it is due, and returns at
 * once when it is late, so a park that overshoots (Linux's 50 µs timer slack, a busy core) is made
 * up by the next frames and the average rate holds. It never spins: on two cores a spinning
 * injector would take the CPU the measured processes need.
 */
final class Pacer {
  private final long periodNanos;
  private long start;

  Pacer(int framesPerSecond) {
    this.periodNanos = 1_000_000_000L / framesPerSecond;
  }

  /** Slot 0 is now. */
  void start() {
    start = System.nanoTime();
  }

  void awaitSlot(long slot) {
    long due = start + slot * periodNanos;
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
