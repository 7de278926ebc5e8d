// Checks the 8-byte virtio_input_event codec, including negative values and large codes.
package io.github.vhostdeviceinput.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputEventTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0100 1e00 01000000, 1, 30, 1", // EV_KEY KEY_A down
    "0200 0000 ffffffff, 2, 0, -1", // EV_REL REL_X -1: the value is signed
    "0300 0100 00000080, 3, 1, -2147483648",
    "ffff ffff ffffff7f, 65535, 65535, 2147483647", // type and code are unsigned
    "0000 0000 00000000, 0, 0, 0", // SYN_REPORT
  })
  void decodesAndEncodes(String hex, int type, int code, int value) {
    byte[] wire = HexFormat.of().parseHex(hex.replace(" ", ""));
    ByteBuffer buf = ByteBuffer.allocate(16);
    buf.put(5, wire);
    InputEvent e = InputEvent.decode(buf, 5, 42);
    assertEquals(new InputEvent(type, code, value, 42), e);
    assertArrayEquals(wire, e.encode());
    assertEquals(InputEvent.of(type, code, value), e.withoutTime());
  }
}
