// Parses agent (or host evdev-dump) output into device facts, events, states and command replies.
package io.github.vhostdeviceinput.guest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the agent said so far, parsed. Guest and host print the same format, so one transcript
 * type serves both. Safe to use from several threads.
 */
public final class AgentTranscript {

  /** One device from its DEV line to its GONE line. */
  private static final class DeviceRecord {
    DeviceFacts facts;
    final List<AgentEvent> events = new ArrayList<>();
    String goneReason;

    DeviceRecord(DeviceFacts facts) {
      this.facts = facts;
    }
  }

  private final Map<String, DeviceRecord> current = new LinkedHashMap<>();
  private final Map<String, DeviceFacts.Builder> pending = new HashMap<>();
  private final Map<String, DeviceState.Builder> pendingStates = new HashMap<>();
  private final Map<String, DeviceState> states = new HashMap<>();
  private final List<AgentEvent> allEvents = new ArrayList<>();
  private final List<AgentReply> replies = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private List<String> ready;
  private String bye;

  /** A transcript of the given lines, e.g. the output of evdev-dump. */
  public static AgentTranscript of(List<String> lines) {
    AgentTranscript transcript = new AgentTranscript();
    lines.forEach(transcript::accept);
    return transcript;
  }

  /** Parses one line; a line that does not parse is kept in {@link #problems}. */
  public synchronized void accept(String line) {
    List<String> t;
    try {
      t = AgentCommands.tokenize(line);
    } catch (IllegalArgumentException e) {
      problems.add(line);
      return;
    }
    if (t.isEmpty()) {
      return;
    }
    try {
      switch (t.get(0)) {
        case "AGENT", "WAIT" -> {}
        case "DEV" -> pending.put(t.get(1), new DeviceFacts.Builder(t.get(1), t.get(2)));
        case "FACT" -> fact(t, line);
        case "OPEN" -> open(t.get(1), line);
        case "READY" -> ready = List.copyOf(t.subList(1, t.size()));
        case "EV", "SYNC" ->
            event(
                new AgentEvent(
                    t.get(0).equals("EV") ? AgentEvent.Kind.EVENT : AgentEvent.Kind.SYNC,
                    t.get(1),
                    Integer.parseInt(t.get(2)),
                    Integer.parseInt(t.get(3)),
                    Integer.parseInt(t.get(4))));
        case "DROPPED" ->
            event(
                new AgentEvent(
                    AgentEvent.Kind.DROPPED,
                    t.get(1),
                    EventTypes.EV_SYN,
                    EventTypes.SYN_DROPPED,
                    0));
        case "STATE" -> state(t);
        case "GONE" -> {
          DeviceRecord record = current.get(t.get(1));
          if (record != null) {
            record.goneReason = t.get(2);
          }
        }
        case "OK", "ERR" -> {
          AgentReply reply =
              new AgentReply(
                  t.get(0).equals("OK"), t.get(1), t.get(2), t.subList(3, t.size()), line);
          replies.add(reply);
          if (!reply.ok() && reply.tag().equals("-")) {
            problems.add(line);
          }
          if (reply.ok() && reply.verb().equals("state")) {
            // The STATE lines of this command came right before its OK.
            String tag = reply.words().get(0);
            DeviceState.Builder b = pendingStates.remove(tag);
            states.put(tag, (b != null ? b : new DeviceState.Builder(tag)).build());
          }
        }
        case "BYE" -> bye = t.size() > 1 ? t.get(1) : "";
        // LIBEVDEV (libevdev's log) and anything unknown.
        default -> problems.add(line);
      }
    } catch (RuntimeException e) {
      // Short lines, bad numbers and missing keys all mean the same: not agent syntax.
      problems.add(line);
    }
  }

  private void fact(List<String> t, String line) {
    DeviceFacts.Builder b = pending.get(t.get(1));
    if (b == null) {
      problems.add(line);
      return;
    }
    List<String> args = t.subList(3, t.size());
    switch (t.get(2)) {
      case "name" -> b.name = args.get(0);
      case "phys" -> b.phys = args.get(0);
      case "uniq" -> b.uniq = args.get(0);
      case "id" -> {
        Map<String, Integer> id = keyValues(args);
        b.id =
            new DeviceFacts.InputId(
                id.get("bus"), id.get("vendor"), id.get("product"), id.get("version"));
      }
      case "driver" -> b.driverVersion = Integer.decode(args.get(0));
      case "props" -> args.forEach(p -> b.props.add(Integer.parseInt(p)));
      case "types" -> args.forEach(name -> b.types.add(type(name)));
      case "bits" -> {
        var codes = b.bits.computeIfAbsent(type(args.get(0)), k -> new TreeSet<>());
        args.subList(1, args.size()).forEach(c -> codes.add(Integer.parseInt(c)));
      }
      case "abs" -> {
        Map<String, Integer> v = keyValues(args.subList(1, args.size()));
        b.abs.put(
            Integer.parseInt(args.get(0)),
            new AbsInfo(
                v.get("min"),
                v.get("max"),
                v.get("fuzz"),
                v.get("flat"),
                v.get("res"),
                v.get("value")));
      }
      case "mtslots" ->
          b.mtSlots =
              args.get(0).equals("none")
                  ? OptionalInt.empty()
                  : OptionalInt.of(Integer.parseInt(args.get(0)));
      case "rep" -> {
        Map<String, Integer> v = keyValues(args);
        b.repeat = Optional.of(new DeviceFacts.Repeat(v.get("delay"), v.get("period")));
      }
      case "state" -> {
        Map<Integer, Integer> values = codeValues(args.subList(1, args.size()));
        b.state.computeIfAbsent(type(args.get(0)), k -> new TreeMap<>()).putAll(values);
      }
      default -> problems.add(line);
    }
  }

  private void state(List<String> t) {
    String tag = t.get(1);
    List<String> args = t.subList(3, t.size());
    // Each line is parsed whole before any of it is kept.
    switch (t.get(2)) {
      case "KEY" -> {
        List<Integer> codes = codes(args);
        pendingState(tag).keys.addAll(codes);
      }
      case "SW" -> {
        List<Integer> codes = codes(args);
        pendingState(tag).switches.addAll(codes);
      }
      case "LED" -> {
        List<Integer> codes = codes(args);
        pendingState(tag).leds.addAll(codes);
      }
      case "ABS" -> {
        Map<Integer, Integer> values = codeValues(args);
        pendingState(tag).abs.putAll(values);
      }
      case "SLOT" -> {
        if (args.size() != 1) {
          throw new NumberFormatException("want one slot number");
        }
        int slot = Integer.parseInt(args.get(0));
        pendingState(tag).slot = OptionalInt.of(slot);
      }
      case "MT" -> {
        int slot = Integer.parseInt(args.get(0));
        Map<Integer, Integer> values = codeValues(args.subList(1, args.size()));
        pendingState(tag).mt.computeIfAbsent(slot, k -> new TreeMap<>()).putAll(values);
      }
      default -> throw new IllegalArgumentException("unknown STATE line");
    }
  }

  private DeviceState.Builder pendingState(String tag) {
    return pendingStates.computeIfAbsent(tag, DeviceState.Builder::new);
  }

  private void open(String tag, String line) {
    DeviceFacts.Builder b = pending.remove(tag);
    if (b == null) {
      problems.add(line);
      return;
    }
    DeviceRecord record = current.get(tag);
    // A second fact block (the facts command) refreshes the facts of the same device.
    if (record != null && record.goneReason == null) {
      record.facts = b.build();
    } else {
      current.put(tag, new DeviceRecord(b.build()));
    }
  }

  private void event(AgentEvent event) {
    DeviceRecord record = current.computeIfAbsent(event.device(), k -> new DeviceRecord(null));
    record.events.add(event);
    allEvents.add(event);
  }

  private static int type(String name) {
    OptionalInt type = EventTypes.byName(name);
    if (type.isEmpty()) {
      throw new NumberFormatException("unknown event type " + name);
    }
    return type.getAsInt();
  }

  private static List<Integer> codes(List<String> args) {
    return args.stream().map(Integer::parseInt).toList();
  }

  /** Parses {@code code=value} words of decimal numbers, in order. */
  private static Map<Integer, Integer> codeValues(List<String> args) {
    Map<Integer, Integer> map = new LinkedHashMap<>();
    for (String kv : args) {
      int eq = kv.indexOf('=');
      if (eq < 0) {
        throw new NumberFormatException("want code=value: " + kv);
      }
      map.put(Integer.parseInt(kv.substring(0, eq)), Integer.parseInt(kv.substring(eq + 1)));
    }
    return map;
  }

  private static Map<String, Integer> keyValues(List<String> args) {
    Map<String, Integer> map = new HashMap<>();
    for (String kv : args) {
      int eq = kv.indexOf('=');
      if (eq < 0) {
        throw new NumberFormatException("want key=value: " + kv);
      }
      map.put(kv.substring(0, eq), Integer.decode(kv.substring(eq + 1)));
    }
    return map;
  }

  /** The device tags of the READY line, in the order the devices were expected. */
  public synchronized Optional<List<String>> ready() {
    return Optional.ofNullable(ready);
  }

  /** The facts of the device that has this tag now. */
  public synchronized Optional<DeviceFacts> device(String tag) {
    DeviceRecord record = current.get(tag);
    return Optional.ofNullable(record == null ? null : record.facts);
  }

  /** The first open device with this name. */
  public synchronized Optional<DeviceFacts> deviceNamed(String name) {
    return current.values().stream()
        .filter(r -> r.goneReason == null && r.facts != null && r.facts.name().equals(name))
        .map(r -> r.facts)
        .findFirst();
  }

  /** The facts of every device not gone, in the order they were opened. */
  public synchronized List<DeviceFacts> devices() {
    return current.values().stream()
        .filter(r -> r.goneReason == null && r.facts != null)
        .map(r -> r.facts)
        .toList();
  }

  /** The events of the device that has this tag now (or had it last). */
  public synchronized List<AgentEvent> events(String tag) {
    DeviceRecord record = current.get(tag);
    return record == null ? List.of() : List.copyOf(record.events);
  }

  /** Every event of every device, in the order printed. */
  public synchronized List<AgentEvent> allEvents() {
    return List.copyOf(allEvents);
  }

  /**
   * The kernel state of the device with this tag that the last successful {@code state} command
   * printed.
   */
  public synchronized Optional<DeviceState> state(String tag) {
    return Optional.ofNullable(states.get(tag));
  }

  /** Whether the device with this tag printed GONE. */
  public synchronized boolean gone(String tag) {
    DeviceRecord record = current.get(tag);
    return record != null && record.goneReason != null;
  }

  /** The reply to the command with this tag, if it came. */
  public synchronized Optional<AgentReply> reply(String tag) {
    return replies.stream().filter(r -> r.tag().equals(tag)).findFirst();
  }

  /** Every OK and ERR line. */
  public synchronized List<AgentReply> replies() {
    return List.copyOf(replies);
  }

  /** Lines that signal trouble: unparsable lines, untagged ERR lines and libevdev's log. */
  public synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  /** The reason of the BYE line, once the agent has ended. */
  public synchronized Optional<String> bye() {
    return Optional.ofNullable(bye);
  }
}
