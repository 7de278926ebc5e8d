// Unit tests of the facts-to-uinput translation that keeps the calibration's twins identical.
package io.github.vhostdeviceinput.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vhostdeviceinput.guest.AgentTranscript;
import io.github.vhostdeviceinput.guest.DeviceFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class UinputSpecTest {

  private static DeviceFacts facts(String... factLines) {
    List<String> lines = new ArrayList<>();
    lines.add("DEV event3 \"/tmp/mnt/event3\"");
    for (String line : factLines) {
      lines.add("FACT event3 " + line);
    }
    lines.add("OPEN event3");
    return AgentTranscript.of(lines).device("event3").orElseThrow();
  }

  @Test
  void consecutiveCodesBecomeRanges() {
    assertEquals("", UinputSpec.ranges(new TreeSet<>()));
    assertEquals("5", UinputSpec.ranges(new TreeSet<>(List.of(5))));
    assertEquals("1-3,7,9-10", UinputSpec.ranges(new TreeSet<>(List.of(10, 1, 2, 3, 7, 9))));
  }

  @Test
  void everyFactTheAgentCanCreateBecomesAToken() {
    DeviceFacts touch =
        facts(
            "name \"fakeevdev touchscreen\"",
            "phys \"fakeevdev/input3\"",
            "uniq \"SN 1\"",
            "id bus=0x0006 vendor=0xfeed product=0x0004 version=0x0001",
            "driver 0x010001",
            "props 1",
            "types SYN KEY ABS MSC REP",
            "bits KEY 330 272 273 274",
            "bits ABS 0 47",
            "bits MSC 4",
            "abs 0 min=0 max=32767 fuzz=4 flat=8 res=128 value=3",
            "abs 47 min=0 max=9 fuzz=0 flat=0 res=0 value=0",
            "mtslots 10",
            "rep delay=500 period=20");
    assertEquals(
        List.of(
            "name=\"fakeevdev touchscreen\"",
            "phys=\"fakeevdev/input3\"",
            "bus=0x0006",
            "vendor=0xfeed",
            "product=0x0004",
            "version=0x0001",
            "props=1",
            "KEY=272-274,330",
            "MSC=4",
            "abs=0:0:32767:4:8:128",
            "abs=47:0:9:0:0:0",
            "rep=500:20"),
        UinputSpec.createTokens(touch));
  }

  @Test
  void aTypeWithoutCodesIsEnabledByItself() {
    DeviceFacts power = facts("name pwr", "types SYN PWR", "bits PWR");
    assertEquals(
        List.of(
            "name=\"pwr\"",
            "bus=0x0000",
            "vendor=0x0000",
            "product=0x0000",
            "version=0x0000",
            "PWR="),
        UinputSpec.createTokens(power));
  }

  @Test
  void comparableFactsIgnoreWhereTheDeviceIsAndWhatIsPressed() {
    DeviceFacts a =
        facts("name kbd", "uniq \"one\"", "types SYN KEY", "bits KEY 30", "state KEY 30=1");
    DeviceFacts b = facts("name kbd", "types SYN KEY", "bits KEY 30");
    assertEquals(UinputSpec.comparable(a), UinputSpec.comparable(b));
  }
}
