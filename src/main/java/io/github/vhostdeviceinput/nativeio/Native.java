// The JNI seam: the product's natives, each behind a wrapper turning -errno into NativeException.
package io.github.vhostdeviceinput.nativeio;

import java.nio.ByteBuffer;

/**
 * The product's only class with native methods. Each {@code foo0} returns a value {@code >= 0} or
 * {@code -errno}; its wrapper {@code foo} throws {@link NativeException} naming the operation.
 */
public final class Native {
  static {
    NativeLibrary.load();
  }

  private Native() {}

  // --- errors ---

  static native String strerror0(int errnum);

  /** The C library's text for errno, e.g. "Permission denied". */
  public static String strerror(int errno) {
    return strerror0(errno);
  }

  // --- host evdev devices ---

  private static native long evdevOpen0(String path);

  private static native int evdevGrab0(long device, boolean grab);

  private static native void evdevClose0(long device);

  /** Opens an evdev device; returns its handle. ENOTTY means "not an evdev device". */
  public static long evdevOpen(String path) throws NativeException {
    return check(path, evdevOpen0(path));
  }

  /** Grabs or ungrabs the device. EBUSY means another process holds a grab. */
  public static void evdevGrab(long device, boolean grab) throws NativeException {
    check(grab ? "grab" : "ungrab", evdevGrab0(device, grab));
  }

  /** Ungrabs and closes the device. */
  public static void evdevClose(long device) {
    evdevClose0(device);
  }

  private static native byte[] evdevName0(long device);

  private static native byte[] evdevUniq0(long device);

  private static native int evdevIds0(long device, int[] out);

  private static native int evdevBits0(long device, int type, byte[] out);

  private static native int evdevAbsInfo0(long device, int code, int[] out);

  /** The device's name as raw bytes (not necessarily UTF-8). */
  public static byte[] evdevName(long device) {
    return evdevName0(device);
  }

  /** The device's unique id (serial) as raw bytes; empty if it has none. */
  public static byte[] evdevUniq(long device) {
    return evdevUniq0(device);
  }

  /** The device's input_id: {bustype, vendor, product, version}. */
  public static int[] evdevIds(long device) throws NativeException {
    int[] ids = new int[4];
    check("read device ids", evdevIds0(device, ids));
    return ids;
  }

  /**
   * The device's code bitmap for event {@code type}; its event-type bitmap for type 0 (EV_SYN), as
   * EVIOCGBIT(0) gives; or its property bitmap for type -1. In evdev layout, {@code length} bytes.
   */
  public static byte[] evdevBits(long device, int type, int length) throws NativeException {
    byte[] bits = new byte[length];
    check("read device bits", evdevBits0(device, type, bits));
    return bits;
  }

  /** The axis' {min, max, fuzz, flat, resolution}, or null if the device lacks the axis. */
  public static int[] evdevAbsInfo(long device, int code) throws NativeException {
    int[] info = new int[5];
    int rc = evdevAbsInfo0(device, code, info);
    if (rc == -Errno.ENOENT) {
      return null;
    }
    check("read absinfo", rc);
    return info;
  }

  // --- the served device: one per socket, owning its evdev handle and listening fd ---

  private static native long deviceCreate0(long evdev, int listenFd, int burstRate);

  private static native void deviceDestroy0(long device);

  private static native int deviceAccept0(long device);

  private static native void deviceDisconnect0(long device);

  private static native int deviceWake0(long device);

  private static native int devicePump0(long device, int timeoutMs);

  private static native int deviceCounters0(long device, long[] out);

  private static native int deviceSetMemTable0(long device, long[] regions, int[] fds, int n);

  private static native int deviceSetFeatures0(long device, long features);

  private static native int deviceSetVringNum0(long device, int queue, int num);

  private static native int deviceSetVringAddr0(
      long device, int queue, long desc, long used, long avail);

  private static native int deviceSetVringBase0(long device, int queue, int base);

  private static native int deviceGetVringBase0(long device, int queue);

  private static native int deviceSetVringKick0(long device, int queue, int fd);

  private static native int deviceSetVringCall0(long device, int queue, int fd);

  private static native int deviceSetVringErr0(long device, int queue, int fd);

  private static native int deviceSetVringEnable0(long device, int queue, boolean enable);

  private static native void deviceReset0(long device);

  /**
   * Creates the served device. Frames of a burst go to the guest at {@code burstRate} events per
   * second at most (0: unlimited). On success it owns {@code evdev} and {@code listenFd}; on
   * failure the caller still does.
   */
  public static long deviceCreate(long evdev, int listenFd, int burstRate) throws NativeException {
    return check("create device", deviceCreate0(evdev, listenFd, burstRate));
  }

  /** Closes everything the device owns, ungrabbing its evdev device. */
  public static void deviceDestroy(long device) {
    deviceDestroy0(device);
  }

  /**
   * Accepts a waiting front-end; returns its connection fd (owned by the device), or -1 if none is
   * waiting.
   */
  public static int deviceAccept(long device) throws NativeException {
    int rc = deviceAccept0(device);
    if (rc == -Errno.EAGAIN) {
      return -1;
    }
    return (int) check("accept", rc);
  }

  /** Drops the front-end and listens again. */
  public static void deviceDisconnect(long device) {
    deviceDisconnect0(device);
  }

  /** Makes the device's pump return {@link Seam#PUMP_WAKE}; safe from any thread. */
  public static void deviceWake(long device) throws NativeException {
    check("wake", deviceWake0(device));
  }

  /**
   * Moves input until Java has work: returns a mask of {@link Seam} PUMP_* bits, or 0 after {@code
   * timeoutMs} (-1: never).
   */
  public static int devicePump(long device, int timeoutMs) throws NativeException {
    return (int) check("pump", devicePump0(device, timeoutMs));
  }

  /**
   * Copies the device's counters, indexed by {@link Seam.Counter}, into {@code out}; returns how
   * many.
   */
  public static int deviceCounters(long device, long[] out) throws NativeException {
    return (int) check("read counters", deviceCounters0(device, out));
  }

  /**
   * Replaces guest memory: region i is {@code regions[4i..4i+3]} = {guest physical address, size,
   * front-end address, mmap offset}, backed by {@code fds[i]}. The fds belong to the device from
   * this call on, also when it fails.
   */
  public static void deviceSetMemTable(long device, long[] regions, int[] fds, int n)
      throws NativeException {
    check("SET_MEM_TABLE", deviceSetMemTable0(device, regions, fds, n));
  }

  public static void deviceSetFeatures(long device, long features) throws NativeException {
    check("SET_FEATURES", deviceSetFeatures0(device, features));
  }

  public static void deviceSetVringNum(long device, int queue, int num) throws NativeException {
    check("SET_VRING_NUM", deviceSetVringNum0(device, queue, num));
  }

  public static void deviceSetVringAddr(long device, int queue, long desc, long used, long avail)
      throws NativeException {
    check("SET_VRING_ADDR", deviceSetVringAddr0(device, queue, desc, used, avail));
  }

  public static void deviceSetVringBase(long device, int queue, int base) throws NativeException {
    check("SET_VRING_BASE", deviceSetVringBase0(device, queue, base));
  }

  /** Stops the ring; returns its next available index. */
  public static int deviceGetVringBase(long device, int queue) throws NativeException {
    return (int) check("GET_VRING_BASE", deviceGetVringBase0(device, queue));
  }

  /** The fd (or -1) belongs to the device from this call on. */
  public static void deviceSetVringKick(long device, int queue, int fd) throws NativeException {
    check("SET_VRING_KICK", deviceSetVringKick0(device, queue, fd));
  }

  /** The fd (or -1) belongs to the device from this call on. */
  public static void deviceSetVringCall(long device, int queue, int fd) throws NativeException {
    check("SET_VRING_CALL", deviceSetVringCall0(device, queue, fd));
  }

  /** The fd (or -1) belongs to the device from this call on. */
  public static void deviceSetVringErr(long device, int queue, int fd) throws NativeException {
    check("SET_VRING_ERR", deviceSetVringErr0(device, queue, fd));
  }

  public static void deviceSetVringEnable(long device, int queue, boolean enable)
      throws NativeException {
    check("SET_VRING_ENABLE", deviceSetVringEnable0(device, queue, enable));
  }

  /** Stops both rings and forgets memory and features; the connection stays. */
  public static void deviceReset(long device) {
    deviceReset0(device);
  }

  // --- Unix sockets ---

  private static native int udsCheckFree0(String path);

  private static native int udsListen0(String path);

  /**
   * Checks that a socket can be created at path: nothing is there, or a stale socket file.
   * EADDRINUSE means a running process listens there; ENOTSOCK means some other file is there.
   */
  public static void udsCheckFree(String path) throws NativeException {
    check("check " + path, udsCheckFree0(path));
  }

  private static native int close0(int fd);

  private static native int udsRecv0(int fd, ByteBuffer buf, int offset, int len, int[] fds);

  private static native int udsSend0(
      int fd, ByteBuffer buf, int offset, int len, int[] fds, int nfds);

  /**
   * Receives up to {@code len} bytes into the direct buffer {@code buf} at {@code offset}, and the
   * fds sent with them (SCM_RIGHTS) into {@code fds}; unused slots are set to -1. The caller owns
   * the received fds. Receiving more fds than {@code fds} holds closes them all and fails with
   * EPROTO.
   *
   * @return the number of bytes received; 0 at end of stream
   */
  public static int udsRecv(int fd, ByteBuffer buf, int offset, int len, int[] fds)
      throws NativeException {
    return (int) check("receive", udsRecv0(fd, buf, offset, len, fds));
  }

  /**
   * Sends {@code len} bytes of the direct buffer {@code buf} from {@code offset}, with the first
   * {@code nfds} of {@code fds} attached.
   *
   * @return the number of bytes sent
   */
  public static int udsSend(int fd, ByteBuffer buf, int offset, int len, int[] fds, int nfds)
      throws NativeException {
    return (int) check("send", udsSend0(fd, buf, offset, len, fds, nfds));
  }

  /**
   * Listens on a Unix socket at path, replacing a stale socket file. EADDRINUSE means a running
   * process listens there; ENOTSOCK means path is some other file.
   */
  public static int udsListen(String path) throws NativeException {
    return (int) check("listen on " + path, udsListen0(path));
  }

  /** Closes fd; errors are ignored, since nothing can be done about them. */
  public static void close(int fd) {
    if (fd >= 0) {
      close0(fd);
    }
  }

  // --- process ---

  private static native int stopSignalsInstall0();

  private static native int stopSignalsWait0();

  /**
   * Takes over SIGINT and SIGTERM: the first is queued for {@link #stopSignalsWait}, a second exits
   * the process at once with 128 + its number.
   */
  public static void stopSignalsInstall() throws NativeException {
    check("install signal handlers", stopSignalsInstall0());
  }

  /** Blocks until the first SIGINT or SIGTERM; returns its number. */
  public static int stopSignalsWait() throws NativeException {
    return (int) check("wait for signals", stopSignalsWait0());
  }

  private static long check(String operation, long rc) throws NativeException {
    if (rc < 0) {
      throw new NativeException(operation, (int) -rc);
    }
    return rc;
  }
}
