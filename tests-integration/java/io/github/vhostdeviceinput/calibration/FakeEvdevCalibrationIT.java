// Calibrates the fake evdev against the kernel: uinput in a guest and the fake must read the same.
package io.github.vhostdeviceinput.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.guest.AgentReply;
import io.github.vhostdeviceinput.guest.DeviceFacts;
import io.github.vhostdeviceinput.guest.QemuGuest;
import io.github.vhostdeviceinput.guest.SerialLine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Injects the same sequences into a uinput device in a QEMU guest (the real input core and evdev)
 * and into the fake evdev on the host, reads both with the same libevdev reader (the guest agent
 * and evdev-dump), and requires the same libevdev-visible lines: EV, DROPPED, SYNC, and libevdev's
 * own log, in order. Timestamps are not compared.
 *
 * <p>Each sequence is injected while the reader is paused and read when it resumes, on both sides,
 * so the streams do not depend on how fast either reader is. One guest serves the whole class; the
 * uinput twins are created from the facts evdev-dump reads from the fake devices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeEvdevCalibrationIT {
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Events per agent command; a command line holds at most 1024 tokens and 16 KiB. */
  private static final int EVENTS_PER_COMMAND = 500;

  private static final int EV_REP = 0x14;

  /** One device on both sides. */
  private record Twin(
      CalibratedDevice device,
      int fakeIndex,
      String hostTag,
      String uinputId,
      String guestTag,
      DeviceFacts fakeFacts,
      DeviceFacts kernelFacts) {}

  private final Map<CalibratedDevice, Twin> twins = new EnumMap<>(CalibratedDevice.class);
  private FakeEvdev fake;
  private HostDump host;
  private QemuGuest guest;
  private Streams repeatOff;
  private int sequences;
  private int injected;
  private long startNanos;

  @BeforeAll
  void start() throws IOException {
    startNanos = System.nanoTime();
    // The fake first: a machine without FUSE fails before a guest boots.
    FakeEvdev.Builder builder = FakeEvdev.builder();
    for (CalibratedDevice d : CalibratedDevice.values()) {
      builder.device(d.spec);
    }
    fake = builder.start();
    List<Path> paths = new ArrayList<>();
    for (CalibratedDevice d : CalibratedDevice.values()) {
      paths.add(fake.path(d.ordinal()));
    }
    host = HostDump.start(paths, WAIT);
    guest = QemuGuest.builder().name("FakeEvdevCalibrationIT").start();
    guest.awaitReady(BOOT_TIMEOUT);

    for (CalibratedDevice d : CalibratedDevice.values()) {
      String hostTag = "event" + d.ordinal();
      DeviceFacts fakeFacts =
          host.transcript()
              .device(hostTag)
              .orElseThrow(() -> new AssertionError("evdev-dump read no facts of " + hostTag));
      String id = d.name().toLowerCase(Locale.ROOT);
      AgentReply created =
          guest.sendCommand(
              "uinput create " + id + " " + String.join(" ", UinputSpec.createTokens(fakeFacts)));
      String guestTag = created.words().get(2);
      twins.put(
          d, new Twin(d, d.ordinal(), hostTag, id, guestTag, fakeFacts, guest.device(guestTag)));
    }

    // The guest kernel repeats held keys by itself (every uinput device with EV_REP gets the input
    // core's soft autorepeat); the fake does not, so turn it off on both sides, through EVIOCSREP.
    // Its two EV_REP events wait in the input core for the next SYN_REPORT.
    Twin keyboard = twins.get(CalibratedDevice.KEYBOARD);
    guest.sendCommand("rep " + keyboard.guestTag() + " 0 0");
    host.sendCommand("rep " + keyboard.hostTag() + " 0 0", WAIT);
    repeatOff = run(keyboard, Sequence.named("a SYN_REPORT after EVIOCSREP 0 0").syn().build());
  }

  @AfterAll
  void stop() {
    try {
      if (host != null) {
        host.close();
      }
    } finally {
      try {
        if (fake != null) {
          fake.close();
        }
      } finally {
        if (guest != null) {
          guest.close();
        }
      }
    }
    System.out.printf(
        "FakeEvdevCalibrationIT: %d sequences, %d events injected on each side, %d ms in all%n",
        sequences, injected, (System.nanoTime() - startNanos) / 1_000_000);
  }

  @Order(1)
  @ParameterizedTest
  @EnumSource(CalibratedDevice.class)
  void uinputTwinHasTheFakesCapabilities(CalibratedDevice device) {
    Twin twin = twins.get(device);
    assertEquals(
        UinputSpec.comparable(twin.fakeFacts()),
        UinputSpec.comparable(twin.kernelFacts()),
        "facts of the fake device (expected) and of its uinput twin in the guest");
  }

  @Order(2)
  @Test
  void repeatSettingsReachReadersAsInTheKernel() {
    assertTrue(repeatOff.same(), repeatOff::report);
    assertEquals(
        List.of("EV " + EV_REP + " 0 0", "EV " + EV_REP + " 1 0", "EV 0 0 0"),
        repeatOff.kernel(),
        "the kernel's stream: " + repeatOff.report());
  }

  @Order(3)
  @ParameterizedTest
  @EnumSource(CalibratedDevice.class)
  void filteringAndFramesMatchTheKernel(CalibratedDevice device) throws IOException {
    Twin twin = twins.get(device);
    List<String> failures = new ArrayList<>();
    for (Sequence s : Sequences.streams(device)) {
      Streams streams = run(twin, s);
      if (!streams.same()) {
        failures.add(streams.report());
      } else if (s.visible() == streams.kernel().isEmpty()) {
        failures.add(
            "the sequence does not test what it should: the kernel showed "
                + (s.visible() ? "nothing" : "something")
                + "\n"
                + streams.report());
      }
    }
    assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
  }

  @Order(4)
  @ParameterizedTest
  @EnumSource(CalibratedDevice.class)
  void overflowDropsAndResyncsAsInTheKernel(CalibratedDevice device) throws IOException {
    Twin twin = twins.get(device);
    int queue = device.queueSize;
    List<String> failures = new ArrayList<>();

    compare(twin, Sequences.settle(device), failures);
    Streams full = compare(twin, Sequences.fill(device, queue - 1), failures);
    // The kernel itself must show the boundary, or the fills do not test the queue size.
    assertEquals(
        queue - 1,
        full.kernel().stream().filter(l -> l.startsWith("EV ")).count(),
        () -> queue - 1 + " events should fit the kernel's queue of " + queue + full.report());
    assertTrue(
        full.kernel().stream().noneMatch(l -> l.startsWith("DROPPED")),
        () -> "the kernel dropped at " + (queue - 1) + " events: " + full.report());

    compare(twin, Sequences.settle(device), failures);
    Streams over = compare(twin, Sequences.fill(device, queue), failures);
    assertEquals(
        "DROPPED",
        over.kernel().isEmpty() ? "" : over.kernel().get(0),
        () -> "the kernel's queue of " + queue + " should overflow at " + queue + over.report());

    Streams big = compare(twin, Sequences.overflow(device), failures);
    assertTrue(
        !big.kernel().isEmpty()
            && big.kernel().get(0).equals("DROPPED")
            && big.kernel().stream()
                .anyMatch(l -> l.startsWith("SYNC ") && !l.equals("SYNC 0 0 0")),
        () -> "the kernel should drop and resync some state: " + big.report());
    compare(twin, Sequences.afterOverflow(device), failures);
    assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
  }

  @Order(5)
  @Test
  void writesToTheDeviceReachItsReadersAsInTheKernel() {
    // evdev_write() hands what a client writes to input_inject_event(): filtered and framed like
    // a driver's events, and read back by every reader, the writer included.
    Twin keyboard = twins.get(CalibratedDevice.KEYBOARD);
    String[][] writes = {
      {"an LED through libevdev", "led %s LED_CAPSL 1"},
      {"the same LED again", "led %s LED_CAPSL 1"},
      {"two LEDs in one write", "write %s 17:1:0 17:0:1 0:0:0"},
      {"keys written to the device", "write %s 1:30:1 0:0:0 1:30:0 0:0:0"},
      {"a write without SYN_REPORT", "write %s 17:0:0"},
      {"a code the device lacks, then SYN_REPORT", "write %s 2:0:5 0:0:0"},
      {"an empty SYN_REPORT", "write %s 0:0:0"},
    };
    List<String> failures = new ArrayList<>();
    for (String[] write : writes) {
      String command = write[1];
      int guestMark = guest.lines().size();
      guest.sendCommand(String.format(command, keyboard.guestTag()));
      List<String> kernel = agentLines(guest.lines(), guestMark, keyboard.guestTag());
      int hostMark = host.lines().size();
      host.sendCommand(String.format(command, keyboard.hostTag()), WAIT);
      List<String> hostLines = host.lines();
      List<String> fakeSide =
          visible(hostLines.subList(hostMark, hostLines.size()), keyboard.hostTag());
      Streams streams =
          new Streams(keyboard.device(), write[0], String.format(command, "DEV"), kernel, fakeSide);
      if (!streams.same()) {
        failures.add(streams.report());
      }
    }
    assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
  }

  /** Runs a sequence on both sides and notes a difference in failures. */
  private Streams compare(Twin twin, Sequence s, List<String> failures) throws IOException {
    Streams streams = run(twin, s);
    if (!streams.same()) {
      failures.add(streams.report());
    }
    return streams;
  }

  /** Injects a sequence on both sides, each while its reader is paused, and reads both. */
  private Streams run(Twin twin, Sequence s) throws IOException {
    sequences++;
    injected += s.events().size();

    int guestMark = guest.lines().size();
    guest.sendCommand("pause " + twin.guestTag());
    for (List<Event> part : s.parts(EVENTS_PER_COMMAND)) {
      guest.sendCommand("uinput inject " + twin.uinputId() + " " + Sequence.agentTokens(part));
    }
    guest.sendCommand("resume " + twin.guestTag());
    List<String> kernel = agentLines(guest.lines(), guestMark, twin.guestTag());

    int hostMark = host.lines().size();
    host.sendCommand("pause " + twin.hostTag(), WAIT);
    fake.inject(twin.fakeIndex(), s.events());
    host.sendCommand("resume " + twin.hostTag(), WAIT);
    List<String> hostLines = host.lines();
    List<String> fakeSide = visible(hostLines.subList(hostMark, hostLines.size()), twin.hostTag());
    String input = s.events().size() + " events: " + Sequence.agentTokens(s.events());
    return new Streams(twin.device(), s.name(), input, kernel, fakeSide);
  }

  /** The visible lines of one device among the agent's lines from index mark on. */
  private static List<String> agentLines(List<SerialLine> all, int mark, String tag) {
    return visible(
        all.subList(mark, all.size()).stream()
            .filter(l -> l.port() == SerialLine.Port.AGENT)
            .map(SerialLine::text)
            .toList(),
        tag);
  }

  /**
   * The lines a libevdev client saw for one device, without its tag: events, SYN_DROPPED and the
   * resync, and libevdev's log (which names the device, not the tag).
   */
  static List<String> visible(List<String> lines, String tag) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String[] words = line.split(" ", 3);
      if (line.startsWith("LIBEVDEV ")) {
        out.add(line);
      } else if (words.length >= 2 && words[1].equals(tag)) {
        switch (words[0]) {
          case "EV", "SYNC" -> out.add(words[0] + " " + words[2]);
          case "DROPPED" -> out.add("DROPPED");
          default -> {}
        }
      }
    }
    return out;
  }

  /**
   * What each side's libevdev reader printed for one input.
   *
   * @param device the device
   * @param name what the input exercises
   * @param input the injected events or the command, for messages
   */
  private record Streams(
      CalibratedDevice device, String name, String input, List<String> kernel, List<String> fake) {

    boolean same() {
      return kernel.equals(fake);
    }

    /** The input and both streams side by side, differing lines marked. */
    String report() {
      StringBuilder out = new StringBuilder();
      out.append(String.format("%n%s, \"%s\"", device, name));
      out.append(same() ? ": same streams" : ": the streams differ").append('\n');
      out.append("  input: ")
          .append(input.length() > 400 ? input.substring(0, 400) + " ..." : input)
          .append('\n');
      out.append(String.format("  %-40s %s%n", "kernel (uinput in the guest)", "fake"));
      int rows = Math.max(kernel.size(), fake.size());
      int shown = 0;
      for (int i = 0; i < rows; i++) {
        String k = i < kernel.size() ? kernel.get(i) : "";
        String f = i < fake.size() ? fake.get(i) : "";
        boolean differs = !k.equals(f);
        // Long streams: the first lines for context, then only differing ones.
        if (!differs && i >= 40) {
          continue;
        }
        if (shown++ > 120) {
          out.append("  ...\n");
          break;
        }
        out.append(String.format("%s %-40s %s%n", differs ? "!" : " ", k, f));
      }
      return out.toString();
    }
  }
}
