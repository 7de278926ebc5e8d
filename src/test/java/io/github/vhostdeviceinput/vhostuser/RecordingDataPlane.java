// Test helper: a DataPlane that records each call, owns the fds it is given, and can fail.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stands in for the native data plane. Like it, it owns every fd passed in (keeping them open until
 * reset, and closing them when a call fails), so tests can tell handed-over fds from closed ones;
 * and it keeps each ring's state as the native side derives it from the calls, so tests can check
 * what the data plane was told to do with the rings.
 */
final class RecordingDataPlane implements DataPlane {
  final List<String> calls = new ArrayList<>();
  final List<Integer> ownedFds = new ArrayList<>();
  MemoryRegion[] regions;

  /** What getVringBase returns per queue. */
  final int[] bases = new int[Limits.QUEUE_COUNT];

  private final boolean[] started = new boolean[Limits.QUEUE_COUNT];
  private final boolean[] enabled = new boolean[Limits.QUEUE_COUNT];

  private String failing;
  private int failErrno;

  /** Makes every later call of {@code method} fail with errno. */
  void failOn(String method, int errno) {
    failing = method;
    failErrno = errno;
  }

  /** Whether ring q runs: started by a kick fd, stopped by getVringBase or reset. */
  boolean ringStarted(int q) {
    return started[q];
  }

  /** Whether ring q is enabled: by setVringEnable, until reset. */
  boolean ringEnabled(int q) {
    return enabled[q];
  }

  List<String> takeCalls() {
    List<String> taken = List.copyOf(calls);
    calls.clear();
    return taken;
  }

  private void call(String method, String args, int... fds) throws NativeException {
    calls.add(method + "(" + args + ")");
    if (method.equals(failing)) {
      for (int fd : fds) {
        Native.close(fd);
      }
      throw NativeException.of(method, failErrno);
    }
    for (int fd : fds) {
      if (fd >= 0) {
        ownedFds.add(fd);
      }
    }
  }

  @Override
  public void setMemTable(MemoryRegion[] regions, int[] fds) throws NativeException {
    this.regions = regions.clone();
    call("setMemTable", regions.length + " regions, " + fds.length + " fds", fds);
  }

  @Override
  public void setFeatures(long features) throws NativeException {
    call("setFeatures", "0x" + Long.toHexString(features));
  }

  @Override
  public void setVringNum(int queue, int num) throws NativeException {
    call("setVringNum", queue + ", " + num);
  }

  @Override
  public void setVringAddr(int queue, long descAddr, long usedAddr, long availAddr)
      throws NativeException {
    call(
        "setVringAddr",
        queue
            + ", 0x"
            + Long.toHexString(descAddr)
            + ", 0x"
            + Long.toHexString(usedAddr)
            + ", 0x"
            + Long.toHexString(availAddr));
  }

  @Override
  public void setVringBase(int queue, int base) throws NativeException {
    call("setVringBase", queue + ", " + base);
  }

  @Override
  public int getVringBase(int queue) throws NativeException {
    call("getVringBase", Integer.toString(queue));
    started[queue] = false;
    return bases[queue];
  }

  @Override
  public void setVringKick(int queue, int fd) throws NativeException {
    call("setVringKick", queue + (fd < 0 ? ", none" : ", fd"), fd);
    started[queue] = true;
  }

  @Override
  public void setVringCall(int queue, int fd) throws NativeException {
    call("setVringCall", queue + (fd < 0 ? ", none" : ", fd"), fd);
  }

  @Override
  public void setVringErr(int queue, int fd) throws NativeException {
    call("setVringErr", queue + (fd < 0 ? ", none" : ", fd"), fd);
  }

  @Override
  public void setVringEnable(int queue, boolean enable) throws NativeException {
    call("setVringEnable", queue + ", " + enable);
    enabled[queue] = enable;
  }

  @Override
  public void reset() {
    calls.add("reset()");
    Arrays.fill(started, false);
    Arrays.fill(enabled, false);
    closeOwned();
  }

  void closeOwned() {
    for (int fd : ownedFds) {
      Native.close(fd);
    }
    ownedFds.clear();
  }

  @Override
  public String toString() {
    return "RecordingDataPlane" + calls + " owning " + Arrays.toString(ownedFds.toArray());
  }
}
