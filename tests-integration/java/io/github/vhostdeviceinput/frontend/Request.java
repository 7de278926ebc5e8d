// The vhost-user front-end request types this test front-end knows, by wire id.
package io.github.vhostdeviceinput.frontend;

/**
 * Front-end to back-end request ids from QEMU's vhost-user specification. Raw tests may send any
 * other id through {@link VhostUserConnection#sendRaw}.
 */
public enum Request {
  GET_FEATURES(1, true),
  SET_FEATURES(2, false),
  SET_OWNER(3, false),
  RESET_OWNER(4, false),
  SET_MEM_TABLE(5, false),
  SET_LOG_BASE(6, false),
  SET_LOG_FD(7, false),
  SET_VRING_NUM(8, false),
  SET_VRING_ADDR(9, false),
  SET_VRING_BASE(10, false),
  GET_VRING_BASE(11, true),
  SET_VRING_KICK(12, false),
  SET_VRING_CALL(13, false),
  SET_VRING_ERR(14, false),
  GET_PROTOCOL_FEATURES(15, true),
  SET_PROTOCOL_FEATURES(16, false),
  GET_QUEUE_NUM(17, true),
  SET_VRING_ENABLE(18, false),
  SEND_RARP(19, false),
  NET_SET_MTU(20, false),
  SET_BACKEND_REQ_FD(21, false),
  IOTLB_MSG(22, true),
  SET_VRING_ENDIAN(23, false),
  GET_CONFIG(24, true),
  SET_CONFIG(25, false),
  RESET_DEVICE(34, false),
  VRING_KICK(35, false),
  GET_MAX_MEM_SLOTS(36, true),
  ADD_MEM_REG(37, false),
  REM_MEM_REG(38, false),
  SET_STATUS(39, false),
  GET_STATUS(40, true);

  private final int id;
  private final boolean hasReply;

  Request(int id, boolean hasReply) {
    this.id = id;
    this.hasReply = hasReply;
  }

  /** The 32-bit request field of the header. */
  public int id() {
    return id;
  }

  /**
   * Whether the back-end always answers this request with its own reply body; only the others take
   * a REPLY_ACK acknowledgement.
   */
  public boolean hasReply() {
    return hasReply;
  }

  /** The request with this id, or null. */
  public static Request of(int id) {
    for (Request r : values()) {
      if (r.id == id) {
        return r;
      }
    }
    return null;
  }

  /** A readable name for any id, known or not, e.g. {@code "SET_VRING_NUM"} or {@code "#99"}. */
  public static String nameOf(int id) {
    Request r = of(id);
    return r != null ? r.name() : "#" + Integer.toUnsignedString(id);
  }
}
