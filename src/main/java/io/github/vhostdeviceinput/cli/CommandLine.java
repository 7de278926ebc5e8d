// Parses the command line with commons-cli into a Settings record, with one-line usage errors.
package io.github.vhostdeviceinput.cli;

import io.github.vhostdeviceinput.device.Settings;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/** The options, their help text, and parsing. */
final class CommandLine {
  static final String PROGRAM = "vhost-device-input";

  /** Events of a burst that go at once (native/device.h's DEVICE_BURST_BUDGET). */
  private static final int BURST_BUDGET = 32;

  /** The highest --burst-rate: beyond it, one event would take less than a microsecond. */
  private static final int MAX_BURST_RATE = 1_000_000;

  static final Option SOCKET_PATH =
      Option.builder("s")
          .longOpt("socket-path")
          .hasArg()
          .argName("SOCKET_PATH")
          .desc(
              "Base path of the vhost-user sockets, one per device. Each device's socket is this"
                  + " path with the suffix 0, 1, ..., n-1, in the order of --event-list: the first"
                  + " device listens on <SOCKET_PATH>0. Its directory must exist.")
          .get();
  static final Option EVENT_LIST =
      Option.builder("e")
          .longOpt("event-list")
          .hasArg()
          .argName("EVENT_LIST")
          .desc(
              "Comma-separated list of the host's evdev input devices to pass to guests, such as"
                  + " /dev/input/event14,/dev/input/event15. Each must exist, be an evdev device"
                  + " that this user can read and write, and be listed once.")
          .get();
  static final Option NO_GRAB =
      Option.builder()
          .longOpt("no-grab")
          .desc(
              "Do not grab the devices. By default each device is grabbed, so its input goes only"
                  + " to the guest and not to the host's own desktop or console.")
          .get();
  static final Option BURST_RATE =
      Option.builder()
          .longOpt("burst-rate")
          .hasArg()
          .argName("EVENTS_PER_SECOND")
          .desc(
              "How fast frames that come in a burst (many written at once, faster than a device"
                  + " reports) go to the guest, so that its evdev reader, which buffers 64 events,"
                  + " keeps up: at most this many events per second, after the first "
                  + BURST_BUDGET
                  + " at once. Frames at a device's own pace are never held back. 'unlimited' sends"
                  + " bursts as fast as the guest takes buffers. Default: "
                  + Settings.DEFAULT_BURST_RATE
                  + ".")
          .get();
  static final Option LOG_LEVEL =
      Option.builder("l")
          .longOpt("log-level")
          .hasArg()
          .argName("LEVEL")
          .desc(
              "How much to log on stderr: error, warning, info (the default: start-up, front-ends"
                  + " connecting and disconnecting, devices coming and going), debug or trace.")
          .get();
  static final Option HELP = Option.builder("h").longOpt("help").desc("Print help").get();
  static final Option VERSION = Option.builder("V").longOpt("version").desc("Print version").get();

  static final List<Option> ALL =
      List.of(SOCKET_PATH, EVENT_LIST, NO_GRAB, BURST_RATE, LOG_LEVEL, HELP, VERSION);

  /** What the user asked for: run with settings, or print help or the version. */
  record Parsed(boolean help, boolean version, Settings settings) {}

  private CommandLine() {}

  static Parsed parse(String[] args) throws UsageException {
    Options options = new Options();
    ALL.forEach(options::addOption);
    org.apache.commons.cli.CommandLine line;
    try {
      line = DefaultParser.builder().setAllowPartialMatching(false).get().parse(options, args);
    } catch (UnrecognizedOptionException e) {
      throw new UsageException("unknown option " + e.getOption());
    } catch (MissingArgumentException e) {
      throw new UsageException("option " + name(e.getOption()) + " needs a value");
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (line.hasOption(HELP)) {
      return new Parsed(true, false, null);
    }
    if (line.hasOption(VERSION)) {
      return new Parsed(false, true, null);
    }
    if (!line.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + line.getArgList().get(0) + "'");
    }
    for (Option option : ALL) {
      if (option.hasArg()
          && line.getOptionValues(option) != null
          && line.getOptionValues(option).length > 1) {
        throw new UsageException("option " + name(option) + " is given more than once");
      }
    }
    String socketPath = required(line, SOCKET_PATH);
    List<String> devices = deviceList(required(line, EVENT_LIST));
    Level level = logLevel(line.getOptionValue(LOG_LEVEL, "info"));
    int burstRate = burstRate(line.getOptionValue(BURST_RATE));
    return new Parsed(
        false,
        false,
        new Settings(socketPath, devices, !line.hasOption(NO_GRAB), burstRate, level));
  }

  private static String required(org.apache.commons.cli.CommandLine line, Option option)
      throws UsageException {
    String value = line.getOptionValue(option);
    if (value == null) {
      throw new UsageException("missing required option " + name(option));
    }
    if (value.isBlank()) {
      throw new UsageException("option " + name(option) + " must not be empty");
    }
    return value;
  }

  private static List<String> deviceList(String value) throws UsageException {
    List<String> devices = new ArrayList<>();
    for (String entry : value.split(",", -1)) {
      if (entry.isBlank()) {
        throw new UsageException("--event-list has an empty entry: '" + value + "'");
      }
      devices.add(entry.strip());
    }
    return List.copyOf(devices);
  }

  private static int burstRate(String value) throws UsageException {
    if (value == null) {
      return Settings.DEFAULT_BURST_RATE;
    }
    if (value.equalsIgnoreCase("unlimited")) {
      return 0;
    }
    try {
      int rate = Integer.parseInt(value.strip());
      if (rate >= 1 && rate <= MAX_BURST_RATE) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // explained below
    }
    throw new UsageException(
        "--burst-rate must be a number of events per second from 1 to "
            + MAX_BURST_RATE
            + ", or 'unlimited', not '"
            + value
            + "'");
  }

  private static Level logLevel(String value) throws UsageException {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "error":
        return Level.ERROR;
      case "warning":
      case "warn":
        return Level.WARNING;
      case "info":
        return Level.INFO;
      case "debug":
        return Level.DEBUG;
      case "trace":
        return Level.TRACE;
      default:
        throw new UsageException(
            "--log-level must be error, warning, info, debug or trace, not '" + value + "'");
    }
  }

  private static String name(Option option) {
    return option.getLongOpt() != null ? "--" + option.getLongOpt() : "-" + option.getOpt();
  }

  /** The help text: synopsis, description and every option in words. */
  static String help() {
    StringBuilder text = new StringBuilder();
    text.append("Usage: ")
        .append(PROGRAM)
        .append(" --socket-path <SOCKET_PATH> --event-list <EVENT_LIST> [OPTIONS]\n\n")
        .append("A vhost-user backend for VirtIO input devices. It passes the host's evdev input\n")
        .append("devices (keyboards, mice, tablets, touchscreens) to virtual machines, through a\n")
        .append("front-end such as QEMU's -device vhost-user-input-pci.\n\n")
        .append("Options:\n");
    for (Option option : ALL) {
      String names =
          (option.getOpt() != null ? "-" + option.getOpt() + ", " : "    ")
              + "--"
              + option.getLongOpt()
              + (option.hasArg() ? " <" + option.getArgName() + ">" : "");
      text.append("  ").append(names).append('\n');
      for (String line : wrap(option.getDescription(), 72)) {
        text.append("          ").append(line).append('\n');
      }
    }
    text.append(
        "\nExit status: 0 after SIGINT or SIGTERM, 1 on a runtime error, 2 on a usage"
            + " error.\n");
    return text.toString();
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
