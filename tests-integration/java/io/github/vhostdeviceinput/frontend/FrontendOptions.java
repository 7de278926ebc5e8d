// The choices a test makes about the emulated QEMU and guest: ring size, features, config styles.
package io.github.vhostdeviceinput.frontend;

import java.time.Duration;

/**
 * How {@link TestFrontend} behaves. Start from a preset and change what the test is about: {@code
 * FrontendOptions.qemu10().withRingSize(64).withEventIdx(false)}.
 *
 * @param ringSize entries of both rings, a power of two up to 32768 (QEMU 10: 4; Linux uses at most
 *     64 of the event ring)
 * @param eventIdx acknowledge VIRTIO_RING_F_EVENT_IDX if the back-end offers it
 * @param replyAck acknowledge REPLY_ACK if offered, and then set NEED_REPLY on every request that
 *     has no reply of its own
 * @param configWrite how select/subsel writes are sent
 * @param configRead how config reads are sent
 * @param probeConfig probe the config space during {@link TestFrontend#start}, like the driver
 * @param probeAllEventTypes also read EV_BITS of every type 0..0x1f and the EV_REP bitmap
 * @param memoryRegions guest memory regions (1 to 8); rings go in the first, buffers in the last
 * @param usedRingAlign alignment of the used ring (4 minimum, 64 as Linux, 4096 as legacy)
 * @param initialRingIndex the SET_VRING_BASE value, and where all ring indices start (a value near
 *     65535 exercises 16-bit wrap-around at once)
 * @param eventBuffers event buffers to post; 0 means min(ring size, 64), as Linux
 * @param replyTimeout how long to wait for any reply
 * @param connectTimeout how long {@link TestFrontend#connect} retries while the socket is missing
 */
public record FrontendOptions(
    int ringSize,
    boolean eventIdx,
    boolean replyAck,
    ConfigWriteStyle configWrite,
    ConfigReadStyle configRead,
    boolean probeConfig,
    boolean probeAllEventTypes,
    int memoryRegions,
    int usedRingAlign,
    int initialRingIndex,
    int eventBuffers,
    Duration replyTimeout,
    Duration connectTimeout) {

  public FrontendOptions {
    new SplitRingLayout(ringSize, usedRingAlign); // validates both
    if (memoryRegions < 1 || memoryRegions > Messages.MAX_MEM_REGIONS) {
      throw new IllegalArgumentException("1 to 8 memory regions");
    }
    if (initialRingIndex < 0 || initialRingIndex > 0xffff) {
      throw new IllegalArgumentException("initial ring index is 16 bits");
    }
    if (eventBuffers < 0 || eventBuffers > ringSize) {
      throw new IllegalArgumentException("0 to ring size event buffers");
    }
    if (configWrite == null
        || configRead == null
        || replyTimeout == null
        || connectTimeout == null) {
      throw new NullPointerException();
    }
  }

  /**
   * QEMU 10.0 with a Linux guest: rings of 4, EVENT_IDX and REPLY_ACK when offered, whole-space
   * SET_CONFIG per guest write, a whole GET_CONFIG per guest read, two memory regions of one memfd
   * (as the q35 RAM split gives), used ring aligned as Linux aligns it.
   */
  public static FrontendOptions qemu10() {
    return new FrontendOptions(
        4,
        true,
        true,
        ConfigWriteStyle.QEMU_WHOLE,
        ConfigReadStyle.QEMU_PER_ACCESS,
        true,
        true,
        2,
        64,
        0,
        0,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  /**
   * A front-end that forwards each guest config access unchanged (one-byte SET_CONFIG at offsets 0
   * and 1, GET_CONFIG of exactly the bytes read), with 64-entry rings as older QEMU and the Linux
   * cap give, no REPLY_ACK, one memory region.
   */
  public static FrontendOptions linuxByteAccess() {
    return qemu10()
        .withRingSize(64)
        .withReplyAck(false)
        .withConfigWrite(ConfigWriteStyle.LINUX_BYTES)
        .withConfigRead(ConfigReadStyle.EXACT)
        .withMemoryRegions(1);
  }

  /** min(ring size, 64) unless set. */
  public int effectiveEventBuffers() {
    return eventBuffers != 0 ? eventBuffers : Math.min(ringSize, 64);
  }

  public FrontendOptions withRingSize(int v) {
    return new FrontendOptions(
        v,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        Math.min(eventBuffers, v),
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withEventIdx(boolean v) {
    return new FrontendOptions(
        ringSize,
        v,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withReplyAck(boolean v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        v,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withConfigWrite(ConfigWriteStyle v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        v,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withConfigRead(ConfigReadStyle v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        v,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withProbeConfig(boolean v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        v,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withProbeAllEventTypes(boolean v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        v,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withMemoryRegions(int v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        v,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withUsedRingAlign(int v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        v,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withInitialRingIndex(int v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        v,
        eventBuffers,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withEventBuffers(int v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        v,
        replyTimeout,
        connectTimeout);
  }

  public FrontendOptions withReplyTimeout(Duration v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        v,
        connectTimeout);
  }

  public FrontendOptions withConnectTimeout(Duration v) {
    return new FrontendOptions(
        ringSize,
        eventIdx,
        replyAck,
        configWrite,
        configRead,
        probeConfig,
        probeAllEventTypes,
        memoryRegions,
        usedRingAlign,
        initialRingIndex,
        eventBuffers,
        replyTimeout,
        v);
  }
}
