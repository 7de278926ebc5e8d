// The DataPlane the protocol session drives, backed by one native device handle.
package io.github.vhostdeviceinput.device;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.vhostuser.DataPlane;
import io.github.vhostdeviceinput.vhostuser.MemoryRegion;

/** Forwards every ring and memory request to the C data plane; called on the device's thread. */
final class NativeDataPlane implements DataPlane {
  private final long device;

  NativeDataPlane(long device) {
    this.device = device;
  }

  @Override
  public void setMemTable(MemoryRegion[] regions, int[] fds) throws NativeException {
    long[] flat = new long[4 * regions.length];
    for (int i = 0; i < regions.length; i++) {
      flat[4 * i] = regions[i].guestPhysAddr();
      flat[4 * i + 1] = regions[i].size();
      flat[4 * i + 2] = regions[i].userAddr();
      flat[4 * i + 3] = regions[i].mmapOffset();
    }
    Native.deviceSetMemTable(device, flat, fds, regions.length);
  }

  @Override
  public void setFeatures(long features) throws NativeException {
    Native.deviceSetFeatures(device, features);
  }

  @Override
  public void setVringNum(int queue, int num) throws NativeException {
    Native.deviceSetVringNum(device, queue, num);
  }

  @Override
  public void setVringAddr(int queue, long descAddr, long usedAddr, long availAddr)
      throws NativeException {
    Native.deviceSetVringAddr(device, queue, descAddr, usedAddr, availAddr);
  }

  @Override
  public void setVringBase(int queue, int base) throws NativeException {
    Native.deviceSetVringBase(device, queue, base);
  }

  @Override
  public int getVringBase(int queue) throws NativeException {
    return Native.deviceGetVringBase(device, queue);
  }

  @Override
  public void setVringKick(int queue, int fd) throws NativeException {
    Native.deviceSetVringKick(device, queue, fd);
  }

  @Override
  public void setVringCall(int queue, int fd) throws NativeException {
    Native.deviceSetVringCall(device, queue, fd);
  }

  @Override
  public void setVringErr(int queue, int fd) throws NativeException {
    Native.deviceSetVringErr(device, queue, fd);
  }

  @Override
  public void setVringEnable(int queue, boolean enable) throws NativeException {
    Native.deviceSetVringEnable(device, queue, enable);
  }

  @Override
  public void reset() {
    Native.deviceReset(device);
  }
}
