// Tests command-line parsing: accepted forms, every usage error, and the help text.
package io.github.vhostdeviceinput.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandLineTest {
  @Test
  void longOptions() throws Exception {
    var parsed =
        CommandLine.parse(
            new String[] {
              "--socket-path",
              "/run/in.sock",
              "--event-list",
              "/dev/input/event14,/dev/input/event15"
            });
    assertEquals("/run/in.sock", parsed.settings().socketPath());
    assertEquals(List.of("/dev/input/event14", "/dev/input/event15"), parsed.settings().devices());
    assertEquals("/run/in.sock0", parsed.settings().socketPath(0));
    assertEquals("/run/in.sock1", parsed.settings().socketPath(1));
    assertTrue(parsed.settings().grab());
    assertEquals(1000, parsed.settings().burstRate());
    assertEquals(Level.INFO, parsed.settings().logLevel());
  }

  @Test
  void burstRateIsEventsPerSecondOrUnlimited() throws Exception {
    assertEquals(
        250,
        CommandLine.parse(new String[] {"-s", "/t", "-e", "/x", "--burst-rate", "250"})
            .settings()
            .burstRate());
    assertEquals(
        0,
        CommandLine.parse(new String[] {"-s", "/t", "-e", "/x", "--burst-rate=unlimited"})
            .settings()
            .burstRate());
  }

  @Test
  void shortOptionsNoGrabAndLogLevel() throws Exception {
    var parsed =
        CommandLine.parse(
            new String[] {"-s", "/tmp/s", "-e", "/dev/input/event3", "--no-grab", "-l", "DEBUG"});
    assertEquals("/tmp/s", parsed.settings().socketPath());
    assertEquals(List.of("/dev/input/event3"), parsed.settings().devices());
    assertFalse(parsed.settings().grab());
    assertEquals(Level.DEBUG, parsed.settings().logLevel());
  }

  @Test
  void equalsForm() throws Exception {
    var parsed = CommandLine.parse(new String[] {"--socket-path=/a/b", "--event-list=/x"});
    assertEquals("/a/b", parsed.settings().socketPath());
    assertEquals(List.of("/x"), parsed.settings().devices());
  }

  @Test
  void helpAndVersionNeedNothingElse() throws Exception {
    assertTrue(CommandLine.parse(new String[] {"-h"}).help());
    assertTrue(CommandLine.parse(new String[] {"--help"}).help());
    assertTrue(CommandLine.parse(new String[] {"-V"}).version());
    assertTrue(CommandLine.parse(new String[] {"--version"}).version());
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(new String[] {}, "missing required option --socket-path"),
        Arguments.of(new String[] {"-e", "/dev/x"}, "missing required option --socket-path"),
        Arguments.of(new String[] {"-s", "/tmp/s"}, "missing required option --event-list"),
        Arguments.of(new String[] {"-s", "", "-e", "/x"}, "option --socket-path must not be empty"),
        Arguments.of(new String[] {"-s", "/t", "-e", ""}, "option --event-list must not be empty"),
        Arguments.of(new String[] {"-s", "/t", "-e", " "}, "option --event-list must not be empty"),
        Arguments.of(new String[] {"-s", "/t", "-e", "/a,,/b"}, "--event-list has an empty entry"),
        Arguments.of(new String[] {"-s", "/t", "-e", "/a,"}, "--event-list has an empty entry"),
        Arguments.of(new String[] {"-s"}, "option --socket-path needs a value"),
        Arguments.of(new String[] {"-s", "/t", "-e"}, "option --event-list needs a value"),
        Arguments.of(new String[] {"--bogus"}, "unknown option --bogus"),
        Arguments.of(new String[] {"-s", "/t", "-e", "/x", "extra"}, "unexpected argument 'extra'"),
        Arguments.of(
            new String[] {"-s", "/t", "-s", "/u", "-e", "/x"},
            "option --socket-path is given more than once"),
        Arguments.of(
            new String[] {"-s", "/t", "-e", "/x", "-l", "loud"},
            "--log-level must be error, warning, info, debug or trace, not 'loud'"),
        Arguments.of(
            new String[] {"-s", "/t", "-e", "/x", "--burst-rate", "0"},
            "--burst-rate must be a number of events per second from 1 to 1000000, or"
                + " 'unlimited', not '0'"),
        Arguments.of(
            new String[] {"-s", "/t", "-e", "/x", "--burst-rate", "fast"},
            "--burst-rate must be a number of events per second"),
        Arguments.of(
            new String[] {"-s", "/t", "-e", "/x", "--burst-rate", "2000000"},
            "--burst-rate must be a number of events per second"));
  }

  @ParameterizedTest
  @MethodSource("usageErrors")
  void usageError(String[] args, String message) {
    UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse(args));
    assertTrue(e.getMessage().startsWith(message), () -> "got '" + e.getMessage() + "'");
  }

  @Test
  void helpDescribesEveryOptionInWords() {
    String help = CommandLine.help();
    assertTrue(help.startsWith("Usage: vhost-device-input --socket-path <SOCKET_PATH>"));
    for (String option :
        List.of(
            "-s, --socket-path <SOCKET_PATH>",
            "-e, --event-list <EVENT_LIST>",
            "--no-grab",
            "--burst-rate <EVENTS_PER_SECOND>",
            "-l, --log-level <LEVEL>",
            "-h, --help",
            "-V, --version")) {
      assertTrue(help.contains(option), option);
    }
    String flat = help.replaceAll("\\s+", " ");
    assertTrue(flat.contains("suffix 0, 1, ..., n-1, in the order of --event-list"), flat);
    assertTrue(flat.contains("/dev/input/event14,/dev/input/event15"), flat);
    assertTrue(flat.contains("1 on a runtime error, 2 on a usage error"), flat);
    for (String line : help.split("\n")) {
      assertTrue(line.length() <= 90, () -> "help line too long: " + line);
    }
  }
}
