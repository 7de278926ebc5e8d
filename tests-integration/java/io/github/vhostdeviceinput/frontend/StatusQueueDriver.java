// The virtio-input driver's status queue: one 8-byte device-readable buffer per LED/sound update.
package io.github.vhostdeviceinput.frontend;

import java.nio.ByteBuffer;

/**
 * Sends status events as Linux's virtinput_send_status does: one device-readable 8-byte buffer per
 * event, then a kick if the back-end wants one. On each call, returned buffers are freed and their
 * {@link PendingStatus} completed; a used length other than 0 is recorded as a violation.
 */
final class StatusQueueDriver {
  private final Virtqueue vq;
  private final GuestMemory memory;
  private final ByteBuffer mem;
  private final long buffersGpa;
  private final PendingStatus[] pending;

  /**
   * @param buffersGpa guest-physical start of {@code ring size * 16} reserved bytes
   */
  StatusQueueDriver(Virtqueue vq, GuestMemory memory, long buffersGpa) {
    this.vq = vq;
    this.memory = memory;
    this.mem = memory.buffer();
    this.buffersGpa = buffersGpa;
    this.pending = new PendingStatus[vq.ring.num()];
  }

  static long bytesNeeded(int ringSize) {
    return (long) ringSize * EventQueueDriver.SLOT_STRIDE;
  }

  /**
   * Posts the event and kicks if needed.
   *
   * @throws IllegalStateException if every descriptor is still with the back-end (Linux would drop
   *     the update with -ENOSPC)
   */
  PendingStatus send(InputEvent event) {
    synchronized (vq) {
      int id = -1;
      for (int i = 0; i < pending.length; i++) {
        if (!vq.inFlight(i)) {
          id = i;
          break;
        }
      }
      if (id < 0) {
        throw new IllegalStateException(
            "status queue full: the back-end holds all " + pending.length + " buffers");
      }
      long gpa = buffersGpa + (long) id * EventQueueDriver.SLOT_STRIDE;
      mem.put(memory.offsetOfGpa(gpa, InputEvent.SIZE), event.encode());
      PendingStatus p = new PendingStatus(event, id);
      pending[id] = p;
      vq.add(id, gpa, InputEvent.SIZE, 0);
      vq.kickIfNeeded();
      return p;
    }
  }

  /** The interrupt handler: free what the back-end returned. */
  void onInterrupt() {
    vq.drainUsed(this::returned);
  }

  private void returned(int id, int len) {
    if (len != 0) {
      vq.violation(
          "status buffer "
              + id
              + " returned with used len "
              + Integer.toUnsignedString(len)
              + ", expected 0 (device-readable buffer)");
    }
    PendingStatus p = pending[id];
    pending[id] = null;
    if (p != null) {
      p.complete(len);
    }
  }
}
