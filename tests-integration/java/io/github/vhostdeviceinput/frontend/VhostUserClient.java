// Typed vhost-user requests over a connection, with the REPLY_ACK policy applied to each.
package io.github.vhostdeviceinput.frontend;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * One method per request the test front-end sends. When REPLY_ACK is in use, every request that has
 * no reply of its own goes out with NEED_REPLY, and a non-zero acknowledgement throws {@link
 * VhostUserException} with reason NACK. Tests use this to send valid requests out of the usual
 * sequence; {@link #connection()} gives raw access.
 */
public final class VhostUserClient {
  private final VhostUserConnection connection;
  private final Duration timeout;
  private boolean replyAck;

  /** Typed requests over {@code connection}; every reply is awaited at most {@code timeout}. */
  public VhostUserClient(VhostUserConnection connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
  }

  public VhostUserConnection connection() {
    return connection;
  }

  /** Sets NEED_REPLY on requests without their own reply (only valid once REPLY_ACK is acked). */
  public void useReplyAck(boolean on) {
    replyAck = on;
  }

  public boolean replyAckInUse() {
    return replyAck;
  }

  // --- generic ---

  /**
   * Sends a request that has no reply body; with REPLY_ACK in use, waits for the acknowledgement
   * and checks that it is zero.
   */
  public void request(Request r, byte[] payload, int... fds) throws VhostUserException {
    Message m = Message.of(r, payload, fds);
    if (!replyAck || r.hasReply()) {
      connection.send(m);
      return;
    }
    Message ack =
        connection.call(
            m.withFlags(FeatureBits.HEADER_VERSION | FeatureBits.HEADER_NEED_REPLY), timeout);
    long status = Messages.readU64(ack);
    if (status != 0) {
      throw new VhostUserException(
          VhostUserException.Reason.NACK,
          "back-end answered " + r + " with REPLY_ACK status " + Long.toUnsignedString(status));
    }
  }

  /** Sends a request that has a reply body and returns the checked reply. */
  public Message call(Request r, byte[] payload) throws VhostUserException {
    return connection.call(Message.of(r, payload), timeout);
  }

  // --- features ---

  public long getFeatures() throws VhostUserException {
    return Messages.readU64(call(Request.GET_FEATURES, new byte[0]));
  }

  public void setFeatures(long features) throws VhostUserException {
    request(Request.SET_FEATURES, Messages.u64(features));
  }

  public long getProtocolFeatures() throws VhostUserException {
    return Messages.readU64(call(Request.GET_PROTOCOL_FEATURES, new byte[0]));
  }

  public void setProtocolFeatures(long features) throws VhostUserException {
    request(Request.SET_PROTOCOL_FEATURES, Messages.u64(features));
  }

  public long getQueueNum() throws VhostUserException {
    return Messages.readU64(call(Request.GET_QUEUE_NUM, new byte[0]));
  }

  public void setOwner() throws VhostUserException {
    request(Request.SET_OWNER, new byte[0]);
  }

  // --- memory ---

  /** Sends the table with one fd per region (the same fd may repeat, as QEMU does). */
  public void setMemTable(List<MemoryRegionEntry> regions, int[] fds) throws VhostUserException {
    request(Request.SET_MEM_TABLE, Messages.memTable(regions), fds);
  }

  // --- rings ---

  public void setVringNum(int queue, int num) throws VhostUserException {
    request(Request.SET_VRING_NUM, Messages.vringState(queue, num));
  }

  public void setVringBase(int queue, int base) throws VhostUserException {
    request(Request.SET_VRING_BASE, Messages.vringState(queue, base));
  }

  /** Sends the front-end (user) addresses of the three ring parts; no logging. */
  public void setVringAddr(int queue, long desc, long used, long avail) throws VhostUserException {
    request(Request.SET_VRING_ADDR, Messages.vringAddr(queue, 0, desc, used, avail, 0));
  }

  /** Stops the ring; returns the back-end's next available index. */
  public int getVringBase(int queue) throws VhostUserException {
    int[] state =
        Messages.readVringState(call(Request.GET_VRING_BASE, Messages.vringState(queue, 0)));
    if (state[0] != queue) {
      throw new VhostUserException(
          VhostUserException.Reason.PROTOCOL,
          "GET_VRING_BASE for queue " + queue + " answered for queue " + state[0]);
    }
    return state[1];
  }

  /** fd {@code < 0} sends no fd and sets the "no fd" bit instead. */
  public void setVringKick(int queue, int fd) throws VhostUserException {
    vringFd(Request.SET_VRING_KICK, queue, fd);
  }

  public void setVringCall(int queue, int fd) throws VhostUserException {
    vringFd(Request.SET_VRING_CALL, queue, fd);
  }

  public void setVringErr(int queue, int fd) throws VhostUserException {
    vringFd(Request.SET_VRING_ERR, queue, fd);
  }

  private void vringFd(Request r, int queue, int fd) throws VhostUserException {
    if (fd < 0) {
      request(r, Messages.vringFd(queue, true));
    } else {
      request(r, Messages.vringFd(queue, false), fd);
    }
  }

  public void setVringEnable(int queue, boolean enable) throws VhostUserException {
    request(Request.SET_VRING_ENABLE, Messages.vringState(queue, enable ? 1 : 0));
  }

  // --- config space ---

  /**
   * Reads {@code size} config bytes at {@code offset}. The reply must echo offset and size and
   * carry exactly that many bytes; an empty reply is the back-end's way to refuse (NACK).
   */
  public byte[] getConfig(int offset, int size) throws VhostUserException {
    Message reply = call(Request.GET_CONFIG, Messages.getConfig(offset, size));
    if (reply.size() == 0) {
      throw new VhostUserException(
          VhostUserException.Reason.NACK,
          "back-end refused GET_CONFIG offset " + offset + " size " + size + " (empty reply)");
    }
    ByteBuffer b = reply.payloadBuffer();
    if (reply.size() != Messages.CONFIG_HEADER_SIZE + size
        || b.getInt(0) != offset
        || b.getInt(4) != size) {
      throw new VhostUserException(
          VhostUserException.Reason.PROTOCOL,
          "GET_CONFIG offset "
              + offset
              + " size "
              + size
              + " answered with "
              + reply.size()
              + " bytes claiming offset "
              + (reply.size() >= 8 ? b.getInt(0) : -1)
              + " size "
              + (reply.size() >= 8 ? b.getInt(4) : -1));
    }
    byte[] data = new byte[size];
    b.get(Messages.CONFIG_HEADER_SIZE, data);
    return data;
  }

  /** Writes config bytes at {@code offset} on behalf of the guest. */
  public void setConfig(int offset, byte[] data) throws VhostUserException {
    request(Request.SET_CONFIG, Messages.config(offset, Messages.CONFIG_FLAG_FRONTEND, data));
  }
}
