// What the vhost-user session asks of the data plane: guest memory and the two virtqueues.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.nativeio.NativeException;

/**
 * The device's data plane, as the protocol session sees it. The production implementation is the C
 * library (one handle per device); unit tests use a recording fake.
 *
 * <p>Every call comes from the device's poll thread, between two pumps, so none races the hot path.
 * Arguments are already validated by the codec (queue index, ring size, region bounds); the native
 * side checks them again and validates everything the guest writes into the rings.
 */
public interface DataPlane {
  /** Queue 0 carries events to the guest; queue 1 carries status (LEDs) from it. */
  int EVENT_QUEUE = 0;

  int STATUS_QUEUE = 1;

  /**
   * Replaces the guest memory table. Takes ownership of {@code fds} (one per region), closing them
   * on failure too.
   */
  void setMemTable(MemoryRegion[] regions, int[] fds) throws NativeException;

  /** The virtio feature bits the front-end acked (EVENT_IDX changes how the rings notify). */
  void setFeatures(long features) throws NativeException;

  void setVringNum(int queue, int num) throws NativeException;

  /** Front-end virtual addresses of the descriptor table, used ring and available ring. */
  void setVringAddr(int queue, long descAddr, long usedAddr, long availAddr) throws NativeException;

  void setVringBase(int queue, int base) throws NativeException;

  /** Stops the ring and returns the next available index it would have used. */
  int getVringBase(int queue) throws NativeException;

  /** Takes ownership of fd; -1 means no fd (the front-end set VHOST_USER_VRING_NOFD_MASK). */
  void setVringKick(int queue, int fd) throws NativeException;

  /** Takes ownership of fd; -1 means no fd. */
  void setVringCall(int queue, int fd) throws NativeException;

  /** Takes ownership of fd; -1 means no fd. */
  void setVringErr(int queue, int fd) throws NativeException;

  void setVringEnable(int queue, boolean enable) throws NativeException;

  /** Stops both rings and forgets memory, features and ring state, as after a disconnect. */
  void reset();
}
