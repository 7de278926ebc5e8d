// The driver's event queue: 8-byte buffers posted, consumed and re-posted as Linux does.
package io.github.vhostdeviceinput.frontend;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Posts {@code buffers} device-writable 8-byte buffers, one descriptor each, and on every call
 * takes the used ones: decodes the event, records it with its time, re-posts the buffer at once,
 * and kicks once at the end if the back-end wants it (Linux's virtinput_recv_events).
 *
 * <p>Like Linux, the event is decoded whatever the used length says; a length other than 8 is
 * recorded as a violation. Each buffer is filled with 0xff before it is posted, and followed by an
 * 8-byte guard of 0xa5 that the back-end must never touch.
 */
final class EventQueueDriver {
  static final int SLOT_STRIDE = 16;
  static final byte POISON = (byte) 0xff;
  static final byte GUARD = (byte) 0xa5;

  private final Virtqueue vq;
  private final GuestMemory memory;
  private final ByteBuffer mem;
  private final long buffersGpa;
  private final int buffers;
  private final List<InputEvent> events = new ArrayList<>();
  private volatile EventListener listener;

  /**
   * @param buffersGpa guest-physical start of {@code buffers * SLOT_STRIDE} reserved bytes
   */
  EventQueueDriver(Virtqueue vq, GuestMemory memory, long buffersGpa, int buffers) {
    if (buffers < 1 || buffers > vq.ring.num()) {
      throw new IllegalArgumentException("1 to ring size event buffers");
    }
    this.vq = vq;
    this.memory = memory;
    this.mem = memory.buffer();
    this.buffersGpa = buffersGpa;
    this.buffers = buffers;
  }

  static long bytesNeeded(int buffers) {
    return (long) buffers * SLOT_STRIDE;
  }

  long bufferGpa(int id) {
    return buffersGpa + (long) id * SLOT_STRIDE;
  }

  /** Posts every buffer and kicks, as virtinput_fill_evt does after probing. */
  void fill() {
    for (int id = 0; id < buffers; id++) {
      post(id);
    }
    vq.kickIfNeeded();
  }

  private void post(int id) {
    int at = memory.offsetOfGpa(bufferGpa(id), SLOT_STRIDE);
    for (int i = 0; i < InputEvent.SIZE; i++) {
      mem.put(at + i, POISON);
      mem.put(at + InputEvent.SIZE + i, GUARD);
    }
    vq.add(id, bufferGpa(id), InputEvent.SIZE, FeatureBits.VRING_DESC_F_WRITE);
  }

  /** The interrupt handler: consume, record, re-post; then one kick decision. */
  void onInterrupt() {
    int taken = vq.drainUsed(this::consume);
    if (taken > 0) {
      vq.kickIfNeeded();
    }
  }

  private void consume(int id, int len) {
    int at = memory.offsetOfGpa(bufferGpa(id), SLOT_STRIDE);
    if (len != InputEvent.SIZE) {
      vq.violation(
          "event buffer "
              + id
              + " returned with used len "
              + Integer.toUnsignedString(len)
              + ", expected 8");
    }
    for (int i = 0; i < InputEvent.SIZE; i++) {
      if (mem.get(at + InputEvent.SIZE + i) != GUARD) {
        vq.violation("back-end wrote past the 8-byte event buffer " + id);
        break;
      }
    }
    long now = System.nanoTime();
    EventListener l = listener;
    if (l != null) {
      l.onEvent(
          Short.toUnsignedInt(mem.getShort(at)),
          Short.toUnsignedInt(mem.getShort(at + 2)),
          mem.getInt(at + 4),
          now);
    } else {
      InputEvent e = InputEvent.decode(mem, at, now);
      synchronized (events) {
        events.add(e);
        events.notifyAll();
      }
    }
    post(id);
  }

  /** Hands events to l instead of recording them; null records them again. */
  void setListener(EventListener l) {
    listener = l;
  }

  List<InputEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  void clear() {
    synchronized (events) {
      events.clear();
    }
  }

  /** Waits until at least {@code n} events are recorded; returns all recorded so far. */
  List<InputEvent> await(int n, Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (events.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "got " + events.size() + " of " + n + " events within " + timeout + ": " + events);
        }
        events.wait(Math.max(1, left / 1_000_000));
      }
      return List.copyOf(events);
    }
  }
}
