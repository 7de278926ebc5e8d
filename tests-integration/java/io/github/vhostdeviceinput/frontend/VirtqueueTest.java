// Checks the driver-side ring logic: posting, kick suppression both ways, and used-entry checks.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.testjni.TestNative;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VirtqueueTest {
  private final ByteBuffer mem = ByteBuffer.allocateDirect(4096);
  private final SplitRing ring = new SplitRing(mem, 0, new SplitRingLayout(4, 4));
  private final List<RingViolation> violations = new ArrayList<>();
  private final List<int[]> taken = new ArrayList<>();
  private Virtqueue vq;

  private Virtqueue queue(boolean eventIdx, int base) throws Exception {
    vq = new Virtqueue(0, ring, eventIdx, base, violations::add);
    return vq;
  }

  @AfterEach
  void closeFds() {
    if (vq != null) {
      vq.close();
    }
  }

  private long kicksSeen() throws Exception {
    return TestNative.eventfdRead(vq.kickFd);
  }

  private void deviceUses(int idx, int id, int len) {
    ring.setUsedEntry(idx, id, len);
    ring.publishUsedIdx(EventIdx.u16(idx + 1));
  }

  @Test
  void addWritesDescriptorThenAvailEntryThenIndex() throws Exception {
    queue(false, 7);
    vq.add(2, 0x1234_5000L, 8, FeatureBits.VRING_DESC_F_WRITE);
    assertEquals(0x1234_5000L, ring.descAddr(2));
    assertEquals(8, ring.descLen(2));
    assertEquals(FeatureBits.VRING_DESC_F_WRITE, ring.descFlags(2));
    assertEquals(2, ring.availEntry(7));
    assertEquals(8, ring.availIdx());
    assertTrue(vq.inFlight(2));
    assertFalse(vq.inFlight(1));
  }

  @Test
  void withoutEventIdxKicksUnlessTheDeviceSetsNoNotify() throws Exception {
    queue(false, 0);
    vq.add(0, 0x1000, 8, 0);
    assertTrue(vq.kickIfNeeded());
    assertEquals(1, kicksSeen());
    ring.setUsedFlags(FeatureBits.VRING_USED_F_NO_NOTIFY);
    vq.add(1, 0x1010, 8, 0);
    assertFalse(vq.kickIfNeeded());
    assertEquals(0, kicksSeen());
    QueueCounters c = vq.counters(0);
    assertEquals(1, c.kicks());
    assertEquals(1, c.kicksSuppressed());
    assertEquals(2, c.buffersPosted());
  }

  @Test
  void withEventIdxKicksOnlyWhenAvailEventIsPassed() throws Exception {
    queue(true, 65534);
    // avail_event starts at the base: the first buffer crosses it
    vq.add(0, 0x1000, 8, 0);
    assertTrue(vq.kickIfNeeded());
    // the device has not moved avail_event: no kick for the next one
    vq.add(1, 0x1010, 8, 0);
    assertFalse(vq.kickIfNeeded());
    // the device asks for a kick at index 0 (after the wrap); two buffers: 0, 1 -> crosses 0
    ring.setAvailEvent(0);
    vq.add(2, 0x1020, 8, 0);
    vq.add(3, 0x1030, 8, 0);
    assertTrue(vq.kickIfNeeded());
    assertEquals(2, kicksSeen());
  }

  @Test
  void drainHandsOverValidEntriesAndAsksForTheNextCall() throws Exception {
    queue(true, 65535);
    for (int id = 0; id < 4; id++) {
      vq.add(id, 0x1000 + 16 * id, 8, FeatureBits.VRING_DESC_F_WRITE);
    }
    deviceUses(65535, 2, 8);
    deviceUses(0, 0, 8);
    assertEquals(2, vq.drainUsed((id, len) -> taken.add(new int[] {id, len})));
    assertEquals(List.of("2/8", "0/8"), taken.stream().map(t -> t[0] + "/" + t[1]).toList());
    assertEquals(1, ring.usedEvent(), "used_event = next used index to be consumed");
    assertFalse(vq.inFlight(2));
    assertTrue(vq.inFlight(1));
    assertEquals(List.of(), violations);
  }

  @Test
  void recordsIdsOutOfRangeOrNotPostedAndSkipsThem() throws Exception {
    queue(false, 0);
    vq.add(0, 0x1000, 8, 0);
    deviceUses(0, 9, 8);
    deviceUses(1, 1, 8);
    deviceUses(2, 0, 8);
    deviceUses(3, 0, 8); // returned twice
    assertEquals(1, vq.drainUsed((id, len) -> taken.add(new int[] {id, len})));
    assertEquals(3, violations.size(), violations.toString());
    assertTrue(violations.get(0).what().contains("id 9, outside the ring"));
    assertTrue(violations.get(1).what().contains("descriptor 1, which is not posted"));
    assertTrue(violations.get(2).what().contains("descriptor 0, which is not posted"));
  }

  @Test
  void recordsAUsedIndexThatJumpsPastTheRing() throws Exception {
    queue(false, 0);
    vq.add(0, 0x1000, 8, 0);
    ring.publishUsedIdx(5);
    assertEquals(0, vq.drainUsed((id, len) -> taken.add(new int[] {id, len})));
    assertEquals(1, violations.size());
    assertTrue(violations.get(0).what().contains("jumped from 0 to 5"));
    assertEquals(0, vq.counters(0).spuriousCalls());
  }

  @Test
  void aDrainWithNothingNewIsSpurious() throws Exception {
    queue(false, 0);
    assertEquals(0, vq.drainUsed((id, len) -> taken.add(new int[] {id, len})));
    assertEquals(1, vq.counters(0).spuriousCalls());
  }
}
