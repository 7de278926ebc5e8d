// The table of front-end requests this backend handles: id, payload shape, fd rule, reply.
package io.github.vhostdeviceinput.vhostuser;

/**
 * Every request the backend handles, with the rules the codec checks before any handler runs. A
 * request id missing here is unsupported: it is answered with an error, never handled.
 */
enum Request {
  GET_FEATURES(1, Body.NONE, FdRule.NONE, true),
  SET_FEATURES(2, Body.NUMBER, FdRule.NONE, false),
  SET_OWNER(3, Body.NONE, FdRule.NONE, false),
  RESET_OWNER(4, Body.NONE, FdRule.NONE, false),
  SET_MEM_TABLE(5, Body.MEMORY_TABLE, FdRule.ONE_PER_REGION, false),
  SET_VRING_NUM(8, Body.VRING_STATE, FdRule.NONE, false),
  SET_VRING_ADDR(9, Body.VRING_ADDRESS, FdRule.NONE, false),
  SET_VRING_BASE(10, Body.VRING_STATE, FdRule.NONE, false),
  GET_VRING_BASE(11, Body.VRING_STATE, FdRule.NONE, true),
  SET_VRING_KICK(12, Body.VRING_FILE, FdRule.ONE_UNLESS_NOFD, false),
  SET_VRING_CALL(13, Body.VRING_FILE, FdRule.ONE_UNLESS_NOFD, false),
  SET_VRING_ERR(14, Body.VRING_FILE, FdRule.ONE_UNLESS_NOFD, false),
  GET_PROTOCOL_FEATURES(15, Body.NONE, FdRule.NONE, true),
  SET_PROTOCOL_FEATURES(16, Body.NUMBER, FdRule.NONE, false),
  GET_QUEUE_NUM(17, Body.NONE, FdRule.NONE, true),
  SET_VRING_ENABLE(18, Body.VRING_STATE, FdRule.NONE, false),
  GET_CONFIG(24, Body.CONFIG, FdRule.NONE, true),
  SET_CONFIG(25, Body.CONFIG, FdRule.NONE, false),
  RESET_DEVICE(34, Body.NONE, FdRule.NONE, false),
  GET_MAX_MEM_SLOTS(36, Body.NONE, FdRule.NONE, true);

  /** The payload shapes, each with the sizes the header may announce for it. */
  enum Body {
    NONE(0, 0),
    NUMBER(U64.SIZE, U64.SIZE),
    VRING_STATE(VringState.SIZE, VringState.SIZE),
    VRING_ADDRESS(VringAddress.SIZE, VringAddress.SIZE),
    VRING_FILE(VringFile.SIZE, VringFile.SIZE),
    MEMORY_TABLE(MemoryTable.sizeFor(1), MemoryTable.sizeFor(MemoryTable.MAX_REGIONS)),
    CONFIG(ConfigAccess.HEADER_SIZE, ConfigAccess.HEADER_SIZE + ConfigAccess.MAX_SIZE);

    final int minSize;
    final int maxSize;

    Body(int minSize, int maxSize) {
      this.minSize = minSize;
      this.maxSize = maxSize;
    }
  }

  /** How many fds may come with the request (SCM_RIGHTS). */
  enum FdRule {
    NONE,
    ONE_PER_REGION,
    /** One fd, or none when the payload sets VHOST_USER_VRING_NOFD_MASK. */
    ONE_UNLESS_NOFD
  }

  private static final Request[] BY_ID = new Request[64];

  static {
    for (Request r : values()) {
      BY_ID[r.id] = r;
    }
  }

  final int id;
  final Body body;
  final FdRule fdRule;

  /** Whether the request always has a reply with its own payload, REPLY_ACK or not. */
  final boolean replies;

  Request(int id, Body body, FdRule fdRule, boolean replies) {
    this.id = id;
    this.body = body;
    this.fdRule = fdRule;
    this.replies = replies;
  }

  /** The handled request with this id, or null if it is unknown or unsupported. */
  static Request of(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }

  /** A name for the log, for any id the peer may send. */
  static String describe(int id) {
    Request r = of(id);
    if (r != null) {
      return r.name();
    }
    return switch (id) {
      case 6 -> "SET_LOG_BASE";
      case 7 -> "SET_LOG_FD";
      case 19 -> "SEND_RARP";
      case 20 -> "NET_SET_MTU";
      case 21 -> "SET_BACKEND_REQ_FD";
      case 22 -> "IOTLB_MSG";
      case 23 -> "SET_VRING_ENDIAN";
      case 26 -> "CREATE_CRYPTO_SESSION";
      case 27 -> "CLOSE_CRYPTO_SESSION";
      case 28 -> "POSTCOPY_ADVISE";
      case 29 -> "POSTCOPY_LISTEN";
      case 30 -> "POSTCOPY_END";
      case 31 -> "GET_INFLIGHT_FD";
      case 32 -> "SET_INFLIGHT_FD";
      case 33 -> "GPU_SET_SOCKET";
      case 35 -> "VRING_KICK";
      case 37 -> "ADD_MEM_REG";
      case 38 -> "REM_MEM_REG";
      case 39 -> "SET_STATUS";
      case 40 -> "GET_STATUS";
      case 41 -> "GET_SHARED_OBJECT";
      case 42 -> "SET_DEVICE_STATE_FD";
      case 43 -> "CHECK_DEVICE_STATE";
      default -> "request " + Integer.toUnsignedString(id);
    };
  }
}
