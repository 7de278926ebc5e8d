// The test front-end: plays QEMU 10 and the Linux virtio-input driver against a back-end socket.
package io.github.vhostdeviceinput.frontend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Connects to a vhost-user-input back-end and drives it as QEMU 10 and a Linux guest would.
 *
 * <pre>{@code
 * try (var fe = TestFrontend.connect(socket, FrontendOptions.qemu10())) {
 *   fe.start();
 *   var cfg = fe.config();
 *   // make the host device produce input ...
 *   var events = fe.awaitEvents(3, Duration.ofSeconds(5));
 *   fe.sendStatus(VirtioInput.EV_LED, VirtioInput.LED_CAPSL, 1).awaitReturned(timeout);
 *   fe.stop();
 * }
 * }</pre>
 *
 * <p>{@link #close} never sends anything and never blocks for long: it stops the driver threads
 * (bounded wait) and closes every fd this object created. Closing without {@link #stop} is how a
 * crashing QEMU looks to the back-end.
 */
public final class TestFrontend implements AutoCloseable {
  public static final int EVENT_QUEUE = VirtioInput.EVENT_QUEUE;
  public static final int STATUS_QUEUE = VirtioInput.STATUS_QUEUE;
  private static final int QUEUES = 2;
  private static final int DIAGNOSTIC_TRANSCRIPT_LINES = 30;

  private final FrontendOptions options;
  private final VhostUserConnection connection;
  private final VhostUserClient client;
  private final ConfigSpace configSpace;
  private final List<RingViolation> violations = Collections.synchronizedList(new ArrayList<>());
  private final Virtqueue[] queues = new Virtqueue[QUEUES];
  private final long[] ringGpa = new long[QUEUES];
  private final InterruptThread[] threads = new InterruptThread[QUEUES];
  private GuestMemory memory;
  private EventQueueDriver events;
  private StatusQueueDriver status;
  private Negotiated negotiated;
  private ProbedConfig config;
  private boolean startCalled;
  private boolean started;
  private boolean stopped;
  private boolean closed;

  private TestFrontend(VhostUserConnection connection, FrontendOptions options) {
    this.options = options;
    this.connection = connection;
    this.client = new VhostUserClient(connection, options.replyTimeout());
    this.configSpace = new ConfigSpace(client, options.configWrite(), options.configRead());
  }

  /**
   * Connects to the back-end's socket (retrying for {@link FrontendOptions#connectTimeout} while it
   * does not exist or refuses). Sends nothing yet.
   */
  public static TestFrontend connect(Path socket, FrontendOptions options) throws IOException {
    return new TestFrontend(VhostUserConnection.connect(socket, options.connectTimeout()), options);
  }

  public FrontendOptions options() {
    return options;
  }

  // --- the QEMU 10 sequence ---

  /**
   * Runs the QEMU 10 start-up sequence and the guest driver's probe, then posts the event buffers
   * and kicks:
   *
   * <ol>
   *   <li>GET_FEATURES, GET_PROTOCOL_FEATURES, SET_PROTOCOL_FEATURES (CONFIG and MQ, plus REPLY_ACK
   *       if chosen; fails with reason UNSUPPORTED if CONFIG is not offered), GET_QUEUE_NUM (if
   *       MQ), SET_OWNER;
   *   <li>SET_VRING_CALL and SET_VRING_ERR for each ring (the call fd here is a placeholder,
   *       replaced later, as QEMU's masked notifier is);
   *   <li>config probing, if chosen;
   *   <li>SET_FEATURES (VERSION_1, PROTOCOL_FEATURES, and EVENT_IDX if chosen and offered),
   *       SET_MEM_TABLE;
   *   <li>for each ring: SET_VRING_NUM, SET_VRING_BASE, SET_VRING_ADDR, SET_VRING_KICK,
   *       SET_VRING_CALL; then SET_VRING_ENABLE 1 for each ring.
   * </ol>
   *
   * A failure leaves the object to be closed. The exception carries the message transcript as a
   * suppressed exception.
   */
  public void start() throws IOException {
    if (startCalled || closed) {
      throw new IllegalStateException("start() runs once, on an open front-end");
    }
    startCalled = true;
    try {
      runStartSequence();
    } catch (IOException | RuntimeException e) {
      e.addSuppressed(
          new Exception("vhost-user transcript:\n" + transcriptTail(Integer.MAX_VALUE)));
      throw e;
    }
  }

  private void runStartSequence() throws IOException {
    long offered = client.getFeatures();
    if ((offered & FeatureBits.VHOST_USER_F_PROTOCOL_FEATURES) == 0) {
      throw unsupported(
          "back-end does not offer VHOST_USER_F_PROTOCOL_FEATURES (bit 30), so it cannot "
              + "offer PROTOCOL_F_CONFIG, which QEMU 10 requires for vhost-user-input");
    }
    if ((offered & FeatureBits.VIRTIO_F_VERSION_1) == 0) {
      throw unsupported(
          "back-end does not offer VIRTIO_F_VERSION_1 (bit 32); Linux virtio_input refuses "
              + "such a device");
    }
    long offeredPf = client.getProtocolFeatures();
    if ((offeredPf & FeatureBits.PROTOCOL_F_CONFIG) == 0) {
      throw unsupported(
          "back-end does not offer VHOST_USER_PROTOCOL_F_CONFIG (bit 9); QEMU 10 refuses a "
              + "vhost-user-input back-end without it (offered protocol features 0x"
              + Long.toHexString(offeredPf)
              + ")");
    }
    long wantedPf =
        FeatureBits.PROTOCOL_F_CONFIG
            | FeatureBits.PROTOCOL_F_MQ
            | (options.replyAck() ? FeatureBits.PROTOCOL_F_REPLY_ACK : 0);
    long ackedPf = offeredPf & wantedPf;
    client.setProtocolFeatures(ackedPf);
    client.useReplyAck((ackedPf & FeatureBits.PROTOCOL_F_REPLY_ACK) != 0);
    long queueNum = -1;
    if ((ackedPf & FeatureBits.PROTOCOL_F_MQ) != 0) {
      queueNum = client.getQueueNum();
      if (queueNum < QUEUES) {
        throw unsupported("back-end supports " + queueNum + " queues; virtio-input needs 2");
      }
    }
    client.setOwner();

    long acked =
        FeatureBits.VIRTIO_F_VERSION_1
            | FeatureBits.VHOST_USER_F_PROTOCOL_FEATURES
            | (options.eventIdx() ? offered & FeatureBits.VIRTIO_RING_F_EVENT_IDX : 0);
    negotiated = new Negotiated(offered, acked, offeredPf, ackedPf, queueNum);
    createGuest((acked & FeatureBits.VIRTIO_RING_F_EVENT_IDX) != 0);

    for (int q = 0; q < QUEUES; q++) {
      client.setVringCall(q, queues[q].initCallFd);
      client.setVringErr(q, queues[q].errFd);
    }
    if (options.probeConfig()) {
      config = probeConfig();
    }
    client.setFeatures(acked);
    client.setMemTable(memory.regions(), memory.regionFds());
    for (int q = 0; q < QUEUES; q++) {
      SplitRingLayout layout = queues[q].ring.layout();
      client.setVringNum(q, layout.num());
      client.setVringBase(q, options.initialRingIndex());
      client.setVringAddr(
          q,
          memory.userAddrOfGpa(ringGpa[q] + layout.descOffset()),
          memory.userAddrOfGpa(ringGpa[q] + layout.usedOffset()),
          memory.userAddrOfGpa(ringGpa[q] + layout.availOffset()));
      client.setVringKick(q, queues[q].kickFd);
      client.setVringCall(q, queues[q].callFd);
    }
    for (int q = 0; q < QUEUES; q++) {
      client.setVringEnable(q, true);
    }
    for (InterruptThread t : threads) {
      t.start();
    }
    events.fill();
    started = true;
  }

  private static VhostUserException unsupported(String message) {
    return new VhostUserException(VhostUserException.Reason.UNSUPPORTED, message);
  }

  /** Guest RAM, both rings (in the first region) and the buffers (in the last region). */
  private void createGuest(boolean eventIdx) throws IOException {
    SplitRingLayout layout = new SplitRingLayout(options.ringSize(), options.usedRingAlign());
    int buffers = options.effectiveEventBuffers();
    long ringBytes = alignUp(layout.totalSize(), GuestMemory.PAGE);
    long bufferBytes =
        alignUp(
            EventQueueDriver.bytesNeeded(buffers) + StatusQueueDriver.bytesNeeded(layout.num()),
            GuestMemory.PAGE);
    long regionSize = alignUp(2 * GuestMemory.PAGE + QUEUES * ringBytes + bufferBytes, 1 << 16);
    memory = GuestMemory.create(options.memoryRegions(), regionSize);
    for (int q = 0; q < QUEUES; q++) {
      ringGpa[q] = memory.allocate(0, layout.totalSize(), GuestMemory.PAGE);
      SplitRing ring =
          new SplitRing(
              memory.buffer(), memory.offsetOfGpa(ringGpa[q], layout.totalSize()), layout);
      queues[q] = new Virtqueue(q, ring, eventIdx, options.initialRingIndex(), violations::add);
    }
    int last = options.memoryRegions() - 1;
    long eventBuffersGpa = memory.allocate(last, EventQueueDriver.bytesNeeded(buffers), 16);
    long statusBuffersGpa = memory.allocate(last, StatusQueueDriver.bytesNeeded(layout.num()), 16);
    events = new EventQueueDriver(queues[EVENT_QUEUE], memory, eventBuffersGpa, buffers);
    status = new StatusQueueDriver(queues[STATUS_QUEUE], memory, statusBuffersGpa);
    threads[EVENT_QUEUE] =
        new InterruptThread(
            "frontend-eventq", queues[EVENT_QUEUE].callFd, events::onInterrupt, this::failed);
    threads[STATUS_QUEUE] =
        new InterruptThread(
            "frontend-statusq", queues[STATUS_QUEUE].callFd, status::onInterrupt, this::failed);
  }

  private static long alignUp(long v, long align) {
    return (v + align - 1) & -align;
  }

  private void failed(Throwable t) {
    violations.add(new RingViolation(-1, "driver thread failed: " + t, System.nanoTime()));
  }

  /**
   * Waits until the backend has handled every message sent so far, by a request that has a reply
   * (GET_PROTOCOL_FEATURES). Without REPLY_ACK, nothing else tells when SET_VRING_ENABLE took
   * effect; QEMU does not need this, because the guest sends no input of its own.
   */
  public void sync() throws VhostUserException {
    client.getProtocolFeatures();
  }

  /**
   * The clean shutdown QEMU does: SET_VRING_ENABLE 0 for both rings, then GET_VRING_BASE for each;
   * then closes everything.
   *
   * @return both rings' final state, event queue first
   */
  public List<RingState> stop() throws IOException {
    requireStarted();
    if (stopped) {
      throw new IllegalStateException("already stopped");
    }
    stopped = true;
    try {
      for (int q = 0; q < QUEUES; q++) {
        client.setVringEnable(q, false);
      }
      int[] bases = new int[QUEUES];
      for (int q = 0; q < QUEUES; q++) {
        bases[q] = client.getVringBase(q);
      }
      stopThreads();
      List<RingState> states = new ArrayList<>();
      for (int q = 0; q < QUEUES; q++) {
        Virtqueue vq = queues[q];
        states.add(new RingState(q, bases[q], vq.availIdx(), vq.ring.usedIdx(), vq.lastUsedIdx()));
      }
      return List.copyOf(states);
    } finally {
      close();
    }
  }

  /**
   * Stops the driver threads and closes the socket, the eventfds and the memfd. Sends nothing.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopThreads();
    connection.close();
    for (Virtqueue vq : queues) {
      if (vq != null) {
        vq.close();
      }
    }
    if (memory != null) {
      memory.close();
    }
  }

  private void stopThreads() {
    for (InterruptThread t : threads) {
      if (t != null) {
        t.stop();
      }
    }
  }

  // --- config space ---

  /** The config as probed during {@link #start}. */
  public ProbedConfig config() {
    if (config == null) {
      throw new IllegalStateException(
          "config not probed: start() with probeConfig, or call probeConfig()");
    }
    return config;
  }

  /** Probes the whole config space again, now, as the driver does at probe time. */
  public ProbedConfig probeConfig() throws VhostUserException {
    return new ConfigProber(configSpace).probe(options.probeAllEventTypes());
  }

  /** Selects any (select, subsel), reads the size and the union bytes. */
  public ConfigSlot readConfig(int select, int subsel) throws VhostUserException {
    return new ConfigProber(configSpace).slot(select, subsel);
  }

  // --- event queue ---

  /**
   * Waits until at least {@code n} events have arrived since the last {@link #clearEvents}.
   *
   * @return every event recorded so far, in arrival order (possibly more than n)
   * @throws TimeoutException with the events, counters, violations and recent messages
   */
  public List<InputEvent> awaitEvents(int n, Duration timeout)
      throws TimeoutException, InterruptedException {
    requireStarted();
    try {
      return events.await(n, timeout);
    } catch (TimeoutException e) {
      throw new TimeoutException(e.getMessage() + "\n" + diagnostics());
    }
  }

  /** Every event recorded since the last {@link #clearEvents}, with its arrival time. */
  public List<InputEvent> events() {
    requireStarted();
    return events.events();
  }

  public void clearEvents() {
    requireStarted();
    events.clear();
  }

  /**
   * Hands every event taken from now on to {@code listener} on the interrupt thread, instead of
   * recording it for {@link #events}: for benchmarks that take millions. Null records them again.
   */
  public void setEventListener(EventListener listener) {
    requireStarted();
    events.setListener(listener);
  }

  /**
   * Stops consuming the event queue: buffers the back-end fills stay used and are not re-posted, so
   * the ring runs dry and the back-end must hold input back. Calls stay pending.
   */
  public void pauseEvents() {
    requireStarted();
    threads[EVENT_QUEUE].pause();
  }

  /** Consumes again, starting with any call that arrived while paused. */
  public void resumeEvents() {
    requireStarted();
    threads[EVENT_QUEUE].resume();
  }

  // --- status queue ---

  /**
   * Posts one status event (e.g. EV_LED, LED_CAPSL, 1) and kicks if the back-end wants it.
   *
   * @return a handle to wait until the back-end returns the buffer
   * @throws IllegalStateException if the back-end still holds every status buffer
   */
  public PendingStatus sendStatus(int type, int code, int value) {
    requireStarted();
    return status.send(InputEvent.of(type, code, value));
  }

  // --- observation and low-level access ---

  public QueueCounters counters(int queue) {
    requireStarted();
    return queues[queue].counters(threads[queue].calls());
  }

  /** Everything the driver emulation objected to, oldest first. */
  public List<RingViolation> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  public Negotiated negotiated() {
    if (negotiated == null) {
      throw new IllegalStateException("not negotiated yet");
    }
    return negotiated;
  }

  /** Typed requests, for valid messages out of the usual sequence. */
  public VhostUserClient client() {
    return client;
  }

  /** Raw socket access, for hostile messages. */
  public VhostUserConnection connection() {
    return connection;
  }

  /** Guest RAM, for hostile descriptors or direct inspection. */
  public GuestMemory memory() {
    requireStarted();
    return memory;
  }

  /** A ring in guest memory, for hostile tests; follow direct writes with {@link #kick}. */
  public SplitRing ring(int queue) {
    requireStarted();
    return queues[queue].ring;
  }

  /** Kicks the queue unconditionally. */
  public void kick(int queue) {
    requireStarted();
    queues[queue].kick();
  }

  /** Counters, violations and the last messages, for failure messages. */
  public String diagnostics() {
    StringBuilder b = new StringBuilder();
    if (started) {
      b.append("event queue ").append(counters(EVENT_QUEUE)).append('\n');
      b.append("status queue ").append(counters(STATUS_QUEUE)).append('\n');
    }
    b.append("violations: ").append(violations()).append('\n');
    b.append("last messages:\n").append(transcriptTail(DIAGNOSTIC_TRANSCRIPT_LINES));
    return b.toString();
  }

  private String transcriptTail(int lines) {
    List<String> t = connection.transcript();
    return String.join("\n", t.subList(Math.max(0, t.size() - lines), t.size()));
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("start() has not completed");
    }
  }
}
