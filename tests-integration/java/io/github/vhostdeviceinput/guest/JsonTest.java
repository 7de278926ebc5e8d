// Checks the small JSON reader and writer used for QMP.
package io.github.vhostdeviceinput.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesAQmpGreeting() {
    Object greeting =
        Json.parse(
            "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 2, \"minor\": 0, \"major\": 10},"
                + " \"package\": \"Debian 1:10.0.2\"}, \"capabilities\": [\"oob\"]}}");
    assertEquals(
        Map.of(
            "QMP",
            Map.of(
                "version",
                Map.of(
                    "qemu",
                    Map.of("micro", 2L, "minor", 0L, "major", 10L),
                    "package",
                    "Debian 1:10.0.2"),
                "capabilities",
                List.of("oob"))),
        greeting);
  }

  @Test
  void parsesScalarsAndEscapes() {
    assertEquals(
        Arrays.asList(true, false, null, -1.5, "a\"b\\c\n\u00e9"),
        Json.parse("[true,false,null,-1.5,\"a\\\"b\\\\c\\n\\u00e9\"]"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1} x"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,"));
  }

  @Test
  void writesWhatItReads() {
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("execute", "input-send-event");
    command.put("arguments", Map.of("events", List.of(Qmp.abs("x", 5))));
    String text = Json.write(command);
    assertEquals(
        "{\"execute\":\"input-send-event\",\"arguments\":{\"events\":[{\"type\":\"abs\","
            + "\"data\":{\"axis\":\"x\",\"value\":5}}]}}",
        sortedKeys(text));
    assertEquals(text, Json.write(Json.parse(text)));
    assertEquals("{\"a\":\"q\\\"\\u0001\"}", Json.write(Map.of("a", "q\"\u0001")));
  }

  /** Writes JSON again with the keys of Map.of maps in a fixed order (type, data; axis, value). */
  private static String sortedKeys(String text) {
    return Json.write(order(Json.parse(text)));
  }

  private static Object order(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> ordered = new LinkedHashMap<>();
      for (String key :
          List.of("execute", "arguments", "events", "type", "data", "axis", "value")) {
        if (map.containsKey(key)) {
          ordered.put(key, order(map.get(key)));
        }
      }
      return ordered;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(JsonTest::order).toList();
    }
    return value;
  }
}
