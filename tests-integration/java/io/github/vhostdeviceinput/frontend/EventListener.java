// Receives each event the driver emulation takes from the event ring, for consumers of millions.
package io.github.vhostdeviceinput.frontend;

/**
 * Called on the front-end's interrupt thread for every event taken from the event ring, with the
 * {@link System#nanoTime()} it was taken at. Set with {@link TestFrontend#setEventListener}; while
 * one is set, events are not recorded for {@link TestFrontend#events}, so memory stays flat however
 * many arrive. It must be quick: the ring waits for it.
 */
@FunctionalInterface
public interface EventListener {
  void onEvent(int type, int code, int value, long nanoTime);
}
