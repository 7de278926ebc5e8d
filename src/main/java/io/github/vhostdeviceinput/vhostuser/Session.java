// The vhost-user protocol state machine for one front-end connection, run by the device's thread.
package io.github.vhostdeviceinput.vhostuser;

import io.github.vhostdeviceinput.nativeio.Errno;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.virtio.ConfigSpace;
import io.github.vhostdeviceinput.virtio.InputConfig;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Handles the requests of one connected front-end (QEMU), one message per {@link #serviceOne()}
 * call, on the device's poll thread. Validation is the {@link Codec}'s; this class keeps the
 * negotiated features and the config selection, tells the {@link DataPlane} what the front-end asks
 * of the rings (which keeps their state), and replies.
 *
 * <p>Failures, and what the front-end sees:
 *
 * <ul>
 *   <li>A malformed message (bad size, fds, index or value, or a stream cut mid-message): its fds
 *       are closed, a warning is logged and the connection ends.
 *   <li>An unsupported request, or a config access outside the 136 bytes: a warning, and an error
 *       reply where the front-end waits for one (REPLY_ACK with NEED_REPLY; GET_CONFIG always, with
 *       the empty payload the spec defines as its error). The connection continues.
 *   <li>A data plane call that fails: with REPLY_ACK and NEED_REPLY the front-end gets the errno as
 *       its nonzero answer and decides itself. Otherwise it could not learn that its request failed
 *       and would run a broken device, so the connection ends. A failed GET_VRING_BASE always ends
 *       the connection, since its reply must carry a ring base.
 * </ul>
 *
 * <p>When the connection ends, for any reason, the data plane has been reset: rings stopped, guest
 * memory and fds released. The caller then closes the socket. The data plane must be in its reset
 * state when a session starts.
 */
public final class Session {
  private static final Logger LOG = System.getLogger(Session.class.getName());

  private final String name;
  private final DataPlane dataPlane;
  private final ConfigSpace config;
  private final MessageReader reader;
  private final ReplyWriter writer;

  private long features;
  private long protocolFeatures;
  private boolean ended;

  /**
   * @param name names the device in log lines, e.g. {@code "input0"}
   * @param socket the connected vhost-user socket
   * @param dataPlane the device's data plane, in its reset state
   * @param config the device's config space answers
   */
  public Session(String name, SocketIo socket, DataPlane dataPlane, InputConfig config) {
    this.name = name;
    this.dataPlane = dataPlane;
    this.config = config.newSpace();
    this.reader = new MessageReader(socket);
    this.writer = new ReplyWriter(socket);
  }

  /**
   * Reads one message, handles it and sends any reply. Call it when the socket is readable.
   *
   * @return true if the connection continues; false if it ended, in which case the data plane has
   *     been reset and the caller closes the socket
   */
  public boolean serviceOne() {
    if (ended) {
      return false;
    }
    Message message;
    try {
      message = reader.read();
    } catch (ProtocolException e) {
      if (e.fatal()) {
        LOG.log(Level.WARNING, "{0}: {1}; disconnecting", name, e.getMessage());
        return end();
      }
      return reject(e);
    } catch (NativeException e) {
      return socketFailed(e);
    }
    if (message == null) {
      LOG.log(Level.DEBUG, "{0}: front-end closed the connection", name);
      return end();
    }
    logRequest(message);
    Payload reply;
    try {
      reply = handle(message);
    } catch (NativeException e) {
      return dataPlaneFailed(message, e);
    }
    if (message.request().replies) {
      return send(message.header(), reply);
    }
    if (ackRequested(message.header())) {
      return send(message.header(), new U64(0));
    }
    return true;
  }

  /** Carries out a valid request; returns its reply payload, if the request has one. */
  private Payload handle(Message m) throws NativeException {
    Payload p = m.payload();
    switch (m.request()) {
      case GET_FEATURES:
        return new U64(Features.OFFERED);
      case SET_FEATURES:
        dataPlane.setFeatures(((U64) p).value());
        features = ((U64) p).value();
        return null;
      case GET_PROTOCOL_FEATURES:
        return new U64(Features.OFFERED_PROTOCOL);
      case SET_PROTOCOL_FEATURES:
        protocolFeatures = ((U64) p).value();
        return null;
      case SET_OWNER:
        // The session's start; this connection owns the device until it ends.
        return null;
      case RESET_OWNER:
        // Deprecated; the spec recommends disabling the rings and keeping the connection state.
        for (int q = 0; q < Limits.QUEUE_COUNT; q++) {
          dataPlane.setVringEnable(q, false);
        }
        return null;
      case RESET_DEVICE:
        resetDevice();
        return null;
      case GET_QUEUE_NUM:
        return new U64(Limits.QUEUE_COUNT);
      case GET_MAX_MEM_SLOTS:
        return new U64(Limits.MAX_REGIONS);
      case SET_MEM_TABLE:
        dataPlane.setMemTable(((MemoryTable) p).regions().toArray(new MemoryRegion[0]), m.fds());
        return null;
      case SET_VRING_NUM:
        dataPlane.setVringNum(((VringState) p).index(), ((VringState) p).num());
        return null;
      case SET_VRING_ADDR:
        VringAddress a = (VringAddress) p;
        dataPlane.setVringAddr(a.index(), a.descAddr(), a.usedAddr(), a.availAddr());
        return null;
      case SET_VRING_BASE:
        dataPlane.setVringBase(((VringState) p).index(), ((VringState) p).num());
        return null;
      case GET_VRING_BASE:
        int q = ((VringState) p).index();
        return new VringState(q, dataPlane.getVringBase(q));
      case SET_VRING_KICK:
        setKick((VringFile) p, m.fds());
        return null;
      case SET_VRING_CALL:
        dataPlane.setVringCall(((VringFile) p).index(), fdOf(m.fds()));
        return null;
      case SET_VRING_ERR:
        dataPlane.setVringErr(((VringFile) p).index(), fdOf(m.fds()));
        return null;
      case SET_VRING_ENABLE:
        dataPlane.setVringEnable(((VringState) p).index(), ((VringState) p).num() == 1);
        return null;
      case GET_CONFIG:
        ConfigAccess get = (ConfigAccess) p;
        byte[] bytes = new byte[get.size()];
        config.read(get.offset(), bytes);
        return new ConfigAccess(get.offset(), get.size(), get.flags(), bytes);
      case SET_CONFIG:
        ConfigAccess set = (ConfigAccess) p;
        config.write(set.offset(), set.data());
        return null;
    }
    throw new AssertionError(m.request());
  }

  /**
   * A kick fd starts the ring. Without VHOST_USER_F_PROTOCOL_FEATURES there is no SET_VRING_ENABLE,
   * so the ring starts enabled too; with it, it waits for SET_VRING_ENABLE.
   */
  private void setKick(VringFile file, int[] fds) throws NativeException {
    int q = file.index();
    dataPlane.setVringKick(q, fdOf(fds));
    if ((features & Features.PROTOCOL_FEATURES) == 0) {
      dataPlane.setVringEnable(q, true);
    }
  }

  /** Back to the state before SET_FEATURES; the negotiated protocol features stay. */
  private void resetDevice() {
    dataPlane.reset();
    features = 0;
    config.reset();
  }

  private static int fdOf(int[] fds) {
    return fds.length == 0 ? -1 : fds[0];
  }

  private boolean ackRequested(Header header) {
    return header.needsReply() && (protocolFeatures & Features.PROTOCOL_REPLY_ACK) != 0;
  }

  /** Answers a request the codec refused without ending the connection. */
  private boolean reject(ProtocolException e) {
    LOG.log(Level.WARNING, "{0}: {1}; refused", name, e.getMessage());
    Header header = e.header();
    if (header.request() == Request.GET_CONFIG.id) {
      return send(header, null);
    }
    if (ackRequested(header)) {
      return send(header, new U64(Errno.EINVAL));
    }
    return true;
  }

  private boolean dataPlaneFailed(Message m, NativeException e) {
    if (!m.request().replies && ackRequested(m.header())) {
      LOG.log(Level.WARNING, "{0}: {1} failed: {2}", name, m.request(), e.getMessage());
      return send(m.header(), new U64(e.errno()));
    }
    LOG.log(
        Level.WARNING,
        "{0}: {1} failed: {2}; disconnecting, as {3}",
        name,
        m.request(),
        e.getMessage(),
        m.request().replies ? "its reply has no way to say so" : "the front-end cannot be told");
    return end();
  }

  private boolean send(Header request, Payload reply) {
    try {
      if (writer.send(request.request(), reply)) {
        return true;
      }
      LOG.log(Level.WARNING, "{0}: the front-end stopped reading replies; disconnecting", name);
    } catch (NativeException e) {
      return socketFailed(e);
    }
    return end();
  }

  private boolean socketFailed(NativeException e) {
    // A reset by the peer is how a killed QEMU looks: a disconnect, not a problem of ours.
    Level level =
        e.errno() == Errno.ECONNRESET || e.errno() == Errno.EPIPE ? Level.DEBUG : Level.WARNING;
    LOG.log(level, "{0}: {1}; disconnecting", name, e.getMessage());
    return end();
  }

  private boolean end() {
    ended = true;
    features = 0;
    protocolFeatures = 0;
    config.reset();
    dataPlane.reset();
    return false;
  }

  private void logRequest(Message m) {
    // GET_CONFIG and SET_CONFIG come once per config byte the guest touches: TRACE, not DEBUG.
    Level level =
        m.request() == Request.GET_CONFIG || m.request() == Request.SET_CONFIG
            ? Level.TRACE
            : Level.DEBUG;
    if (LOG.isLoggable(level)) {
      LOG.log(
          level,
          "{0}: {1} {2}{3}",
          name,
          m.header(),
          m.payload() == null ? "" : m.payload(),
          m.fds().length == 0 ? "" : " fds=" + m.fds().length);
    }
  }

  // For tests: the state the front-end negotiated.

  long ackedFeatures() {
    return features;
  }

  long ackedProtocolFeatures() {
    return protocolFeatures;
  }
}
