// The VIRTIO_F_EVENT_IDX decision: does moving an index from old to new pass the other side's mark?
package io.github.vhostdeviceinput.frontend;

/** 16-bit ring index arithmetic and the notification rule of VIRTIO_F_EVENT_IDX. */
public final class EventIdx {
  private EventIdx() {}

  /**
   * True if the other side asked to be notified when the index moves past {@code eventIdx}, and it
   * moved from {@code oldIdx} to {@code newIdx} (all 16-bit, wrapping): that is, eventIdx lies in
   * [oldIdx, newIdx).
   */
  public static boolean needEvent(int eventIdx, int newIdx, int oldIdx) {
    return u16(newIdx - eventIdx - 1) < u16(newIdx - oldIdx);
  }

  /** The 16-bit value of an index. */
  public static int u16(int v) {
    return v & 0xffff;
  }
}
