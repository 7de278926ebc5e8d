// A minimal vhost-user-input back-end inside the test JVM, on a real socket, to test the front-end.
package io.github.vhostdeviceinput.frontend;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Just enough of a back-end to exercise the test front-end over real sockets and real shared
 * memory: features, config space from a table, memory table, both rings (polled every few
 * milliseconds, notifying with EVENT_IDX or NO_INTERRUPT rules), and GET_VRING_BASE. It translates
 * ring addresses from the user addresses and buffer addresses from the guest-physical ones it was
 * sent, independently of the front-end's own code. Test-only; not the product.
 *
 * <p>All ring and protocol work happens on its one thread; tests hand it work through a queue.
 */
final class PeerBackend implements AutoCloseable {
  private static final VarHandle U16 =
      MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  /** Behaviour knobs; set before the front-end connects. */
  volatile long features =
      FeatureBits.VIRTIO_F_VERSION_1
          | FeatureBits.VHOST_USER_F_PROTOCOL_FEATURES
          | FeatureBits.VIRTIO_RING_F_EVENT_IDX;

  volatile long protocolFeatures =
      FeatureBits.PROTOCOL_F_MQ | FeatureBits.PROTOCOL_F_REPLY_ACK | FeatureBits.PROTOCOL_F_CONFIG;

  /** Never reply to anything (to test timeouts). */
  volatile boolean silent;

  /** Answer REPLY_ACK for this request id with status 1. */
  volatile int nackRequest = -1;

  /** Close the connection on receiving this request id. */
  volatile int closeOnRequest = -1;

  /** Answer requests with a reply for another request id (to test reply checks). */
  volatile boolean wrongReplyId;

  private final Path socket;
  private final int listenFd;
  private final Map<Integer, byte[]> configTable;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
  private final List<Message> received = new ArrayList<>();
  private final List<InputEvent> statusEvents = new ArrayList<>();
  private final Deque<InputEvent> backlog = new ArrayDeque<>();
  private final Ring[] rings = {new Ring(), new Ring()};
  private final List<Region> regions = new ArrayList<>();
  private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
  private volatile boolean stopping;
  private volatile boolean connectionClosed;
  private volatile Throwable failure;
  private int connFd = -1;
  private long ackedFeatures;
  private long ackedProtocolFeatures;
  private int select;
  private int subsel;

  /** Work for the peer thread. */
  private interface Task {
    void run() throws IOException;
  }

  private record Region(long gpa, long size, long uaddr, ByteBuffer map) {}

  /** A part of a ring: the mapping it lies in and its offset there. */
  private record Part(ByteBuffer map, int off) {}

  private static final class Ring {
    int num;
    int lastAvail;
    int usedIdx;
    Part desc;
    Part avail;
    Part used;
    int kickFd = -1;
    int callFd = -1;
    int errFd = -1;
    boolean enabled;
    long kicks;
    long calls;

    boolean ready() {
      return kickFd >= 0 && enabled && desc != null && num > 0;
    }
  }

  PeerBackend(Path dir, Map<Integer, byte[]> configTable) throws IOException {
    this.socket = dir.resolve("peer.sock");
    this.configTable = Map.copyOf(configTable);
    this.listenFd = Native.udsListen(socket.toString());
    this.thread = new Thread(this::run, "peer-backend");
    thread.setDaemon(true);
    thread.start();
  }

  static int key(int select, int subsel) {
    return (select << 8) | subsel;
  }

  Path socket() {
    return socket;
  }

  // --- what tests call (any thread) ---

  /** Queues events for the event ring; they stream in as buffers are available. */
  void deliver(InputEvent... events) {
    tasks.add(() -> backlog.addAll(Arrays.asList(events)));
  }

  /** Writes one used entry of any id and len to a ring and signals its call fd. */
  void injectUsed(int queue, int id, int len) {
    tasks.add(
        () -> {
          Ring r = rings[queue];
          pushUsed(r, id, len);
          signal(r, 1);
        });
  }

  List<Message> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  List<String> requestNames() {
    List<String> names = new ArrayList<>();
    for (Message m : received()) {
      names.add(Request.nameOf(m.request()));
    }
    return names;
  }

  List<InputEvent> statusEvents() {
    synchronized (statusEvents) {
      return List.copyOf(statusEvents);
    }
  }

  long kicks(int queue) {
    return onPeerThread(() -> rings[queue].kicks);
  }

  long calls(int queue) {
    return onPeerThread(() -> rings[queue].calls);
  }

  boolean connectionClosed() {
    return connectionClosed;
  }

  Throwable failure() {
    return failure;
  }

  /** Waits until the received messages satisfy {@code done}. */
  boolean awaitReceived(Predicate<List<Message>> done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (done.test(received())) {
        return true;
      }
      Thread.sleep(2);
    }
    return done.test(received());
  }

  private <T> T onPeerThread(java.util.function.Supplier<T> s) {
    java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
    tasks.add(() -> f.complete(s.get()));
    try {
      return f.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("peer thread did not answer", e);
    }
  }

  @Override
  public void close() throws IOException {
    stopping = true;
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Native.close(listenFd);
    Files.deleteIfExists(socket);
  }

  // --- the peer thread ---

  private void run() {
    try {
      while (!stopping && connFd < 0) {
        if (TestNative.pollIn(listenFd, 20) != 0) {
          connFd = TestNative.udsAccept(listenFd);
        }
      }
      while (!stopping && !connectionClosed) {
        if (TestNative.pollIn(connFd, 2) != 0) {
          readAndHandle();
        }
        Task t;
        while ((t = tasks.poll()) != null) {
          t.run();
        }
        serviceRings();
      }
      // keep answering task queries after a disconnect, until closed
      while (!stopping) {
        Task t;
        while ((t = tasks.poll()) != null) {
          t.run();
        }
        Thread.sleep(2);
      }
    } catch (Throwable e) {
      failure = e;
    } finally {
      Native.close(connFd);
      for (Ring r : rings) {
        Native.close(r.kickFd);
        Native.close(r.callFd);
        Native.close(r.errFd);
      }
    }
  }

  private void readAndHandle() throws IOException {
    List<Integer> fds = new ArrayList<>();
    if (!readExactly(Message.HEADER_SIZE, fds)) {
      disconnect(fds);
      return;
    }
    ByteBuffer h = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int request = h.getInt(0);
    int flags = h.getInt(4);
    int size = h.getInt(8);
    if (size < 0 || size > buf.capacity() || !readExactly(size, fds)) {
      disconnect(fds);
      return;
    }
    byte[] payload = new byte[size];
    buf.get(0, payload);
    Message m =
        new Message(request, flags, payload, fds.stream().mapToInt(Integer::intValue).toArray());
    synchronized (received) {
      received.add(m);
    }
    if (request == closeOnRequest) {
      disconnect(fds);
      return;
    }
    handle(m, new ArrayList<>(fds));
  }

  private void disconnect(List<Integer> fds) {
    fds.forEach(Native::close);
    Native.close(connFd);
    connFd = -1;
    connectionClosed = true;
  }

  /** Reads exactly n bytes into buf at 0; false at end of stream. */
  private boolean readExactly(int n, List<Integer> fds) throws NativeException {
    int got = 0;
    int[] slots = new int[8];
    while (got < n) {
      Arrays.fill(slots, -1);
      int r = Native.udsRecv(connFd, buf, got, n - got, slots);
      for (int f : slots) {
        if (f >= 0) {
          fds.add(f);
        }
      }
      if (r == 0) {
        return false;
      }
      got += r;
    }
    return true;
  }

  private void handle(Message m, List<Integer> fds) throws IOException {
    ByteBuffer p = ByteBuffer.wrap(m.payload()).order(ByteOrder.LITTLE_ENDIAN);
    Request r = Request.of(m.request());
    byte[] reply = null;
    if (r != null) {
      switch (r) {
        case GET_FEATURES -> reply = Messages.u64(features);
        case GET_PROTOCOL_FEATURES -> reply = Messages.u64(protocolFeatures);
        case SET_PROTOCOL_FEATURES -> ackedProtocolFeatures = p.getLong(0);
        case GET_QUEUE_NUM -> reply = Messages.u64(2);
        case SET_FEATURES -> ackedFeatures = p.getLong(0);
        case SET_MEM_TABLE -> setMemTable(p, fds);
        case SET_VRING_NUM -> rings[p.getInt(0)].num = p.getInt(4);
        case SET_VRING_BASE -> {
          rings[p.getInt(0)].lastAvail = p.getInt(4);
          rings[p.getInt(0)].usedIdx = p.getInt(4);
        }
        case SET_VRING_ADDR -> {
          Ring ring = rings[p.getInt(0)];
          ring.desc = part(p.getLong(8));
          ring.used = part(p.getLong(16));
          ring.avail = part(p.getLong(24));
        }
        case SET_VRING_KICK, SET_VRING_CALL, SET_VRING_ERR -> {
          long v = p.getLong(0);
          Ring ring = rings[(int) (v & FeatureBits.VRING_INDEX_MASK)];
          int fd = (v & FeatureBits.VRING_NOFD_MASK) != 0 || fds.isEmpty() ? -1 : fds.remove(0);
          if (r == Request.SET_VRING_KICK) {
            Native.close(ring.kickFd);
            ring.kickFd = fd;
          } else if (r == Request.SET_VRING_CALL) {
            Native.close(ring.callFd);
            ring.callFd = fd;
          } else {
            Native.close(ring.errFd);
            ring.errFd = fd;
          }
        }
        case SET_VRING_ENABLE -> rings[p.getInt(0)].enabled = p.getInt(4) != 0;
        case GET_VRING_BASE -> {
          Ring ring = rings[p.getInt(0)];
          Native.close(ring.kickFd);
          ring.kickFd = -1;
          reply = Messages.vringState(p.getInt(0), ring.lastAvail);
        }
        case GET_CONFIG -> {
          int offset = p.getInt(0);
          int size = p.getInt(4);
          byte[] image = configImage();
          byte[] data = Arrays.copyOfRange(image, offset, offset + size);
          reply = Messages.config(offset, p.getInt(8), data);
        }
        case SET_CONFIG -> {
          int offset = p.getInt(0);
          int size = p.getInt(4);
          for (int i = 0; i < size; i++) {
            if (offset + i == VirtioInput.OFFSET_SELECT) {
              select = Byte.toUnsignedInt(p.get(12 + i));
            } else if (offset + i == VirtioInput.OFFSET_SUBSEL) {
              subsel = Byte.toUnsignedInt(p.get(12 + i));
            }
          }
        }
        default -> {}
      }
    }
    fds.forEach(Native::close);
    if (silent) {
      return;
    }
    int replyId = wrongReplyId ? m.request() + 1 : m.request();
    int replyFlags = FeatureBits.HEADER_VERSION | FeatureBits.HEADER_REPLY;
    if (reply != null) {
      send(Messages.frame(replyId, replyFlags, reply.length, reply));
    } else if ((m.flags() & FeatureBits.HEADER_NEED_REPLY) != 0
        && (ackedProtocolFeatures & FeatureBits.PROTOCOL_F_REPLY_ACK) != 0) {
      byte[] ack = Messages.u64(m.request() == nackRequest ? 1 : 0);
      send(Messages.frame(replyId, replyFlags, ack.length, ack));
    }
  }

  private void send(byte[] bytes) throws NativeException {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
    b.put(0, bytes);
    Native.udsSend(connFd, b, 0, bytes.length, new int[0], 0);
  }

  private byte[] configImage() {
    byte[] image = new byte[VirtioInput.CONFIG_SIZE];
    image[0] = (byte) select;
    image[1] = (byte) subsel;
    byte[] data = configTable.getOrDefault(key(select, subsel), new byte[0]);
    image[2] = (byte) data.length;
    // a table entry longer than the union reports its size but fills only the union
    int n = Math.min(data.length, VirtioInput.UNION_SIZE);
    System.arraycopy(data, 0, image, VirtioInput.OFFSET_UNION, n);
    return image;
  }

  private void setMemTable(ByteBuffer p, List<Integer> fds) throws IOException {
    int n = p.getInt(0);
    regions.clear();
    for (int i = 0; i < n; i++) {
      int at = Messages.MEM_TABLE_HEADER_SIZE + Messages.MEM_REGION_SIZE * i;
      long gpa = p.getLong(at);
      long size = p.getLong(at + 8);
      long uaddr = p.getLong(at + 16);
      long offset = p.getLong(at + 24);
      try (FileChannel ch =
          FileChannel.open(
              Path.of("/proc/self/fd/" + fds.get(i)),
              StandardOpenOption.READ,
              StandardOpenOption.WRITE)) {
        ByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, offset, size);
        regions.add(new Region(gpa, size, uaddr, map.order(ByteOrder.LITTLE_ENDIAN)));
      }
    }
  }

  private Part part(long uaddr) {
    for (Region r : regions) {
      if (uaddr >= r.uaddr() && uaddr - r.uaddr() < r.size()) {
        return new Part(r.map(), (int) (uaddr - r.uaddr()));
      }
    }
    throw new IllegalStateException("ring address 0x" + Long.toHexString(uaddr) + " unmapped");
  }

  private Part gpa(long gpa) {
    for (Region r : regions) {
      if (gpa >= r.gpa() && gpa - r.gpa() < r.size()) {
        return new Part(r.map(), (int) (gpa - r.gpa()));
      }
    }
    throw new IllegalStateException("buffer address 0x" + Long.toHexString(gpa) + " unmapped");
  }

  // --- rings, device side ---

  private void serviceRings() throws NativeException {
    for (Ring r : rings) {
      if (r.kickFd >= 0) {
        if (TestNative.eventfdRead(r.kickFd) > 0) {
          r.kicks++;
        }
      }
    }
    Ring ev = rings[VirtioInput.EVENT_QUEUE];
    if (ev.ready() && !backlog.isEmpty()) {
      int done = 0;
      while (!backlog.isEmpty() && availIdx(ev) != ev.lastAvail) {
        int head = popAvail(ev);
        Part d = descPart(ev, head);
        Part b = gpa(d.map().getLong(d.off()));
        InputEvent e = backlog.removeFirst();
        b.map().put(b.off(), e.encode());
        pushUsed(ev, head, InputEvent.SIZE);
        done++;
      }
      if (done > 0) {
        signal(ev, done);
      }
      setAvailEvent(ev);
    }
    Ring st = rings[VirtioInput.STATUS_QUEUE];
    if (st.ready()) {
      int done = 0;
      while (availIdx(st) != st.lastAvail) {
        int head = popAvail(st);
        Part d = descPart(st, head);
        Part b = gpa(d.map().getLong(d.off()));
        synchronized (statusEvents) {
          statusEvents.add(InputEvent.decode(b.map(), b.off(), System.nanoTime()));
        }
        pushUsed(st, head, 0);
        done++;
      }
      if (done > 0) {
        signal(st, done);
      }
      setAvailEvent(st);
    }
  }

  private int availIdx(Ring r) {
    return Short.toUnsignedInt((short) U16.getAcquire(r.avail.map(), r.avail.off() + 2));
  }

  private int popAvail(Ring r) {
    int slot = r.lastAvail & (r.num - 1);
    int head = Short.toUnsignedInt(r.avail.map().getShort(r.avail.off() + 4 + 2 * slot));
    r.lastAvail = (r.lastAvail + 1) & 0xffff;
    return head;
  }

  private Part descPart(Ring r, int head) {
    return new Part(r.desc.map(), r.desc.off() + 16 * head);
  }

  private void pushUsed(Ring r, int id, int len) {
    int at = r.used.off() + 4 + 8 * (r.usedIdx & (r.num - 1));
    r.used.map().putInt(at, id);
    r.used.map().putInt(at + 4, len);
    r.usedIdx = (r.usedIdx + 1) & 0xffff;
    U16.setRelease(r.used.map(), r.used.off() + 2, (short) r.usedIdx);
  }

  private void setAvailEvent(Ring r) {
    if ((ackedFeatures & FeatureBits.VIRTIO_RING_F_EVENT_IDX) != 0) {
      U16.setVolatile(r.used.map(), r.used.off() + 4 + 8 * r.num, (short) r.lastAvail);
    }
  }

  /** Signals the call fd for {@code added} new used entries, if the driver wants it. */
  private void signal(Ring r, int added) throws NativeException {
    VarHandle.fullFence();
    boolean need;
    if ((ackedFeatures & FeatureBits.VIRTIO_RING_F_EVENT_IDX) != 0) {
      int usedEvent =
          Short.toUnsignedInt(
              (short) U16.getVolatile(r.avail.map(), r.avail.off() + 4 + 2 * r.num));
      need = EventIdx.needEvent(usedEvent, r.usedIdx, r.usedIdx - added);
    } else {
      int flags = Short.toUnsignedInt(r.avail.map().getShort(r.avail.off()));
      need = (flags & FeatureBits.VRING_AVAIL_F_NO_INTERRUPT) == 0;
    }
    if (need && r.callFd >= 0) {
      TestNative.eventfdWrite(r.callFd, 1);
      r.calls++;
    }
  }

  // --- a device to describe ---

  /**
   * A keyboard-with-touch device: name, serial, ids, PROP_DIRECT, EV_REP, keys, relative and
   * absolute axes (with MT slot), MSC_SCAN, LEDs, and one EV_FF bit (a type Linux does not probe).
   */
  static Map<Integer, byte[]> sampleDevice() {
    Map<Integer, byte[]> t = new HashMap<>();
    t.put(key(VirtioInput.CFG_ID_NAME, 0), "peer test device".getBytes());
    t.put(key(VirtioInput.CFG_ID_SERIAL, 0), "peer-0001".getBytes());
    t.put(
        key(VirtioInput.CFG_ID_DEVIDS, 0),
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short) 0x06)
            .putShort((short) 0x1af4)
            .putShort((short) 0x1052)
            .putShort((short) 0x0001)
            .array());
    t.put(key(VirtioInput.CFG_PROP_BITS, 0), bitmap(1));
    t.put(key(VirtioInput.CFG_EV_BITS, VirtioInput.EV_REP), bitmap(0, 1));
    t.put(
        key(VirtioInput.CFG_EV_BITS, VirtioInput.EV_KEY),
        bitmap(VirtioInput.KEY_A, VirtioInput.KEY_LEFTSHIFT, 0x14a));
    t.put(
        key(VirtioInput.CFG_EV_BITS, VirtioInput.EV_REL),
        bitmap(VirtioInput.REL_X, VirtioInput.REL_Y, 8));
    t.put(
        key(VirtioInput.CFG_EV_BITS, VirtioInput.EV_ABS),
        bitmap(VirtioInput.ABS_X, VirtioInput.ABS_Y, VirtioInput.ABS_MT_SLOT));
    t.put(key(VirtioInput.CFG_EV_BITS, VirtioInput.EV_MSC), bitmap(VirtioInput.MSC_SCAN));
    t.put(
        key(VirtioInput.CFG_EV_BITS, VirtioInput.EV_LED),
        bitmap(VirtioInput.LED_NUML, VirtioInput.LED_CAPSL, VirtioInput.LED_SCROLLL));
    t.put(key(VirtioInput.CFG_EV_BITS, VirtioInput.EV_FF), bitmap(0x50));
    t.put(key(VirtioInput.CFG_ABS_INFO, VirtioInput.ABS_X), absinfo(0, 32767, 0, 0, 12));
    t.put(key(VirtioInput.CFG_ABS_INFO, VirtioInput.ABS_Y), absinfo(-100, 100, 4, 8, 0));
    t.put(key(VirtioInput.CFG_ABS_INFO, VirtioInput.ABS_MT_SLOT), absinfo(0, 9, 0, 0, 0));
    return t;
  }

  static byte[] bitmap(int... bits) {
    int max = Arrays.stream(bits).max().orElse(-1);
    byte[] b = new byte[max / 8 + 1];
    for (int bit : bits) {
      b[bit / 8] |= (byte) (1 << (bit % 8));
    }
    return b;
  }

  static byte[] absinfo(int min, int max, int fuzz, int flat, int res) {
    return ByteBuffer.allocate(VirtioInput.ABSINFO_SIZE)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(min)
        .putInt(max)
        .putInt(fuzz)
        .putInt(flat)
        .putInt(res)
        .array();
  }
}
