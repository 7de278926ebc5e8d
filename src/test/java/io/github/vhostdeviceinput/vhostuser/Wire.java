// Test helper: vhost-user messages as bytes, written by hand in hex or encoded from records.
package io.github.vhostdeviceinput.vhostuser;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Builds and parses the bytes a front-end sends and a back-end replies. */
final class Wire {
  static final int FLAGS = Header.VERSION;
  static final int FLAGS_NEED_REPLY = Header.VERSION | Header.NEED_REPLY;

  private Wire() {}

  /** Bytes from hex digits; spaces, newlines and '|' separate nothing but the reader's eye. */
  static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits.replaceAll("[\\s|]", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static String zeros(int n) {
    return "00".repeat(n);
  }

  /** A request header followed by {@code payload}. */
  static byte[] message(int request, int flags, byte[] payload) {
    ByteBuffer buf = le(Header.SIZE + payload.length);
    new Header(request, flags, payload.length).encode(buf, 0);
    buf.put(Header.SIZE, payload);
    return buf.array();
  }

  static byte[] request(Request request, Payload payload) {
    return request(request, FLAGS, payload);
  }

  static byte[] request(Request request, int flags, Payload payload) {
    return message(request.id, flags, payload == null ? new byte[0] : encode(payload));
  }

  static byte[] encode(Payload payload) {
    ByteBuffer buf = le(payload.wireSize());
    payload.encode(buf, 0);
    return buf.array();
  }

  static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] u64(long value) {
    return le(8).putLong(0, value).array();
  }

  static long u64(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  static byte[] state(int index, int num) {
    return le(8).putInt(0, index).putInt(4, num).array();
  }

  static byte[] config(int offset, int size, int flags, byte[] data) {
    ByteBuffer buf = le(ConfigAccess.HEADER_SIZE + data.length);
    buf.putInt(0, offset).putInt(4, size).putInt(8, flags).put(ConfigAccess.HEADER_SIZE, data);
    return buf.array();
  }

  /** {nregions, padding, regions...}, each region {gpa, size, uaddr, offset}, unchecked. */
  static byte[] memTable(int nregions, long... regionFields) {
    ByteBuffer buf = le(8 + regionFields.length * 8);
    buf.putInt(0, nregions);
    for (int i = 0; i < regionFields.length; i++) {
      buf.putLong(8 + i * 8, regionFields[i]);
    }
    return buf.array();
  }
}
