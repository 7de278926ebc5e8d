// The driver side of one split virtqueue: posting buffers, kicking, and collecting used entries.
package io.github.vhostdeviceinput.frontend;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * What Linux's virtio_ring does for a split ring, reduced to one-descriptor buffers: add a buffer
 * (descriptor, available entry, release store of avail.idx), decide whether to kick (EVENT_IDX's
 * avail_event, or VRING_USED_F_NO_NOTIFY), and take used entries (acquire load of used.idx,
 * checking each id was posted and not yet returned, then storing used_event so the device notifies
 * for the next entry).
 *
 * <p>Owns its four eventfds: kick, call, err, and the "masked" call fd sent during initialization,
 * as QEMU does, before the real one.
 */
final class Virtqueue implements AutoCloseable {
  /** Receives each valid used entry; may call {@link #add} to re-post. */
  interface UsedHandler {
    void used(int id, int len);
  }

  final int index;
  final SplitRing ring;
  final int kickFd;
  final int callFd;
  final int errFd;
  final int initCallFd;
  private final boolean eventIdx;
  private final Consumer<RingViolation> violations;
  private final boolean[] inFlight;
  private int availShadow;
  private int lastUsed;
  private int numAdded;
  private long kicks;
  private long kicksSuppressed;
  private long usedEntries;
  private long buffersPosted;
  private long spuriousCalls;
  private boolean closed;

  Virtqueue(
      int index, SplitRing ring, boolean eventIdx, int baseIdx, Consumer<RingViolation> violations)
      throws NativeException {
    this.index = index;
    this.ring = ring;
    this.eventIdx = eventIdx;
    this.violations = violations;
    this.inFlight = new boolean[ring.num()];
    this.availShadow = EventIdx.u16(baseIdx);
    this.lastUsed = EventIdx.u16(baseIdx);
    ring.initIndices(baseIdx);
    int[] fds = {-1, -1, -1, -1};
    try {
      for (int i = 0; i < fds.length; i++) {
        fds[i] = TestNative.eventfdCreate();
      }
    } catch (NativeException e) {
      for (int f : fds) {
        Native.close(f);
      }
      throw e;
    }
    kickFd = fds[0];
    callFd = fds[1];
    errFd = fds[2];
    initCallFd = fds[3];
  }

  /** Makes descriptor {@code id} (one buffer) available; the caller kicks later. */
  synchronized void add(int id, long addr, int len, int flags) {
    ring.writeDescriptor(id, addr, len, flags, 0);
    ring.setAvailEntry(availShadow, id);
    availShadow = EventIdx.u16(availShadow + 1);
    ring.publishAvailIdx(availShadow);
    inFlight[id] = true;
    numAdded++;
    buffersPosted++;
  }

  synchronized boolean inFlight(int id) {
    return inFlight[id];
  }

  /**
   * Kicks if the back-end wants to hear about the buffers added since the last kick.
   *
   * @return whether a kick was sent
   */
  synchronized boolean kickIfNeeded() {
    // the avail.idx store must be visible before avail_event / used.flags is read
    VarHandle.fullFence();
    int newIdx = availShadow;
    int oldIdx = EventIdx.u16(availShadow - numAdded);
    numAdded = 0;
    boolean need =
        eventIdx
            ? EventIdx.needEvent(ring.availEvent(), newIdx, oldIdx)
            : (ring.usedFlags() & FeatureBits.VRING_USED_F_NO_NOTIFY) == 0;
    if (need) {
      kick();
    } else {
      kicksSuppressed++;
    }
    return need;
  }

  /** Kicks unconditionally. */
  synchronized void kick() {
    try {
      TestNative.eventfdWrite(kickFd, 1);
      kicks++;
    } catch (NativeException e) {
      violations.accept(
          new RingViolation(index, "kick failed: " + e.getMessage(), System.nanoTime()));
    }
  }

  /**
   * Takes every new used entry. Invalid entries (id out of range or not in flight, or used.idx
   * moving by more than the ring size) are recorded as violations and skipped.
   *
   * @return the number of valid entries handed to {@code handler}
   */
  synchronized int drainUsed(UsedHandler handler) {
    int taken = 0;
    int seen = 0;
    while (true) {
      int usedIdx = ring.usedIdx();
      if (usedIdx == lastUsed) {
        break;
      }
      int pending = EventIdx.u16(usedIdx - lastUsed);
      if (pending > ring.num()) {
        violation(
            "used.idx jumped from "
                + lastUsed
                + " to "
                + usedIdx
                + ", more entries than the ring holds; skipped them");
        lastUsed = usedIdx;
        seen++;
        break;
      }
      int id = ring.usedId(lastUsed);
      int len = ring.usedLen(lastUsed);
      int at = lastUsed;
      lastUsed = EventIdx.u16(lastUsed + 1);
      // as Linux does after each buffer taken: ask for a call when the next entry is used
      ring.setUsedEvent(lastUsed);
      usedEntries++;
      seen++;
      if (id < 0 || id >= ring.num()) {
        violation(
            "used entry "
                + at
                + " has id "
                + Integer.toUnsignedString(id)
                + ", outside the ring of "
                + ring.num());
        continue;
      }
      if (!inFlight[id]) {
        violation(
            "used entry "
                + at
                + " returns descriptor "
                + id
                + ", which is not posted (duplicate or never made available)");
        continue;
      }
      inFlight[id] = false;
      handler.used(id, len);
      taken++;
    }
    if (seen == 0) {
      spuriousCalls++;
    }
    return taken;
  }

  synchronized int availIdx() {
    return availShadow;
  }

  synchronized int lastUsedIdx() {
    return lastUsed;
  }

  synchronized QueueCounters counters(long calls) {
    return new QueueCounters(
        kicks, kicksSuppressed, calls, spuriousCalls, usedEntries, buffersPosted);
  }

  void violation(String what) {
    violations.accept(new RingViolation(index, what, System.nanoTime()));
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Native.close(kickFd);
      Native.close(callFd);
      Native.close(errFd);
      Native.close(initCallFd);
    }
  }
}
