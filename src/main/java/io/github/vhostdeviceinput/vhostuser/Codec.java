// All validation of front-end messages, in one place: header, payload size, fds, and values.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;

/**
 * Checks and decodes requests, table-driven by {@link Request}. A message is read in two steps:
 * {@link #checkHeader} before the payload is read (so an oversized payload is never read), then
 * {@link #decode}. On every failure the fds received with the message are closed first.
 */
final class Codec {
  /** The largest payload of any handled request (SET_CONFIG with 256 bytes); the read buffer. */
  static final int MAX_PAYLOAD_SIZE = Request.Body.CONFIG.maxSize;

  private Codec() {}

  /** Checks the version, flags and payload size of a request header. */
  static void checkHeader(Header header, ReceivedFds fds) throws ProtocolException {
    int version = header.flags() & Header.VERSION_MASK;
    if (version != Header.VERSION) {
      throw malformed(header, fds, "protocol version " + version + ", expected " + Header.VERSION);
    }
    if ((header.flags() & Header.REPLY) != 0) {
      throw malformed(header, fds, "a request with the reply flag set");
    }
    long size = Integer.toUnsignedLong(header.size());
    Request request = Request.of(header.request());
    if (request == null) {
      if (size > MAX_PAYLOAD_SIZE) {
        throw malformed(
            header,
            fds,
            "payload of " + size + " bytes, more than the " + MAX_PAYLOAD_SIZE + " read");
      }
      return;
    }
    Request.Body body = request.body;
    if (size < body.minSize || size > body.maxSize) {
      String expected =
          body.minSize == body.maxSize
              ? Integer.toString(body.minSize)
              : body.minSize + " to " + body.maxSize;
      throw malformed(header, fds, "payload of " + size + " bytes, expected " + expected);
    }
  }

  /**
   * Decodes the payload at {@code offset} of {@code buf} (which {@link #checkHeader} accepted) and
   * checks the fds and values.
   *
   * @return the message, which now owns the fds
   * @throws ProtocolException fatal for a malformed message; not fatal for an unsupported request
   *     or a config access outside the config space
   */
  static Message decode(Header header, ByteBuffer buf, int offset, ReceivedFds fds)
      throws ProtocolException {
    Request request = Request.of(header.request());
    if (request == null) {
      fds.closeAll();
      throw new ProtocolException(header, "unsupported request", false);
    }
    Payload payload;
    try {
      payload = decodeBody(request.body, buf, offset, header.size());
      checkFds(request, payload, fds.count());
      checkValues(request, payload);
    } catch (IllegalArgumentException e) {
      throw malformed(header, fds, e.getMessage());
    }
    if (payload instanceof ConfigAccess access && access.end() > Limits.CONFIG_SPACE_SIZE) {
      fds.closeAll();
      throw new ProtocolException(
          header,
          "bytes "
              + Integer.toUnsignedString(access.offset())
              + " to "
              + access.end()
              + " are outside the "
              + Limits.CONFIG_SPACE_SIZE
              + "-byte config space",
          false);
    }
    return new Message(header, request, payload, fds.take());
  }

  private static Payload decodeBody(Request.Body body, ByteBuffer buf, int offset, int size) {
    return switch (body) {
      case NONE -> null;
      case NUMBER -> U64.decode(buf, offset);
      case VRING_STATE -> VringState.decode(buf, offset);
      case VRING_ADDRESS -> VringAddress.decode(buf, offset);
      case VRING_FILE -> VringFile.decode(buf, offset);
      case MEMORY_TABLE -> MemoryTable.decode(buf, offset, size);
      case CONFIG -> ConfigAccess.decode(buf, offset, size);
    };
  }

  private static void checkFds(Request request, Payload payload, int count) {
    int expected =
        switch (request.fdRule) {
          case NONE -> 0;
          case ONE_PER_REGION -> ((MemoryTable) payload).regions().size();
          case ONE_UNLESS_NOFD -> ((VringFile) payload).noFd() ? 0 : 1;
        };
    if (count != expected) {
      throw new IllegalArgumentException(count + " fds, expected " + expected);
    }
  }

  /** The checks that depend on the request, not only on the payload's layout. */
  private static void checkValues(Request request, Payload payload) {
    switch (request) {
      case SET_FEATURES -> checkOffered("features", ((U64) payload).value(), Features.OFFERED);
      case SET_PROTOCOL_FEATURES ->
          checkOffered("protocol features", ((U64) payload).value(), Features.OFFERED_PROTOCOL);
      case SET_VRING_NUM -> checkRingSize(((VringState) payload).num());
      case SET_VRING_BASE -> {
        int base = ((VringState) payload).num();
        if (Integer.compareUnsigned(base, 0xffff) > 0) {
          throw new IllegalArgumentException(
              "ring base " + Integer.toUnsignedString(base) + " does not fit in 16 bits");
        }
      }
      case SET_VRING_ENABLE -> {
        int enable = ((VringState) payload).num();
        if (enable != 0 && enable != 1) {
          throw new IllegalArgumentException(
              "enable value " + Integer.toUnsignedString(enable) + ", expected 0 or 1");
        }
      }
      default -> {}
    }
  }

  private static void checkOffered(String what, long acked, long offered) {
    long extra = acked & ~offered;
    if (extra != 0) {
      throw new IllegalArgumentException(
          what + " 0x" + Long.toHexString(extra) + " were never offered");
    }
  }

  private static void checkRingSize(int num) {
    if (num <= 0 || num > Limits.MAX_RING_SIZE || (num & (num - 1)) != 0) {
      throw new IllegalArgumentException(
          "ring size "
              + Integer.toUnsignedString(num)
              + " is not a power of two from 1 to "
              + Limits.MAX_RING_SIZE);
    }
  }

  private static ProtocolException malformed(Header header, ReceivedFds fds, String reason) {
    fds.closeAll();
    return new ProtocolException(header, reason, true);
  }
}
