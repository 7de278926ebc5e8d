// A QMP client for the test guest's QEMU: commands, replies, events, and input-send-event helpers.
package io.github.vhostdeviceinput.guest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One QMP connection. Commands are sent one at a time; events are collected. */
public final class Qmp implements AutoCloseable {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Put in the queue when QEMU closes the connection. */
  private static final Map<String, Object> CLOSED = Map.of();

  private final SocketChannel channel;
  private final BlockingQueue<Map<String, Object>> replies = new LinkedBlockingQueue<>();
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final Thread reader;
  private volatile Map<String, Object> greeting;

  private Qmp(SocketChannel channel) {
    this.channel = channel;
    this.reader = new Thread(this::readLoop, "qmp-reader");
    reader.setDaemon(true);
  }

  /** Reads the greeting on a connected channel and enters command mode. */
  static Qmp start(SocketChannel channel, Duration timeout) {
    Qmp qmp = new Qmp(channel);
    qmp.reader.start();
    Map<String, Object> first = qmp.take(timeout, "the QMP greeting");
    if (!first.containsKey("QMP")) {
      throw new GuestException("QMP: expected a greeting, got " + first);
    }
    qmp.greeting = first;
    qmp.execute("qmp_capabilities");
    return qmp;
  }

  private void readLoop() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(UnixSockets.inputStream(channel), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) Json.parse(line);
        if (message.containsKey("event")) {
          synchronized (events) {
            events.add(message);
          }
        } else {
          replies.add(message);
        }
      }
    } catch (IOException | RuntimeException e) {
      // QEMU went away or the channel was closed: waiting callers see CLOSED.
    } finally {
      replies.add(CLOSED);
    }
  }

  private Map<String, Object> take(Duration timeout, String what) {
    Map<String, Object> message;
    try {
      message = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GuestException("interrupted while waiting for " + what, e);
    }
    if (message == null) {
      throw new GuestException("QMP: no answer within " + timeout + " while waiting for " + what);
    }
    if (message == CLOSED) {
      replies.add(CLOSED);
      throw new GuestException("QMP: QEMU closed the connection while waiting for " + what);
    }
    return message;
  }

  /** The QEMU version from the greeting, e.g. {@code 10.0.2}. */
  @SuppressWarnings("unchecked")
  public String version() {
    Map<String, Object> qmp = (Map<String, Object>) greeting.get("QMP");
    Map<String, Object> version = (Map<String, Object>) qmp.get("version");
    Map<String, Object> qemu = (Map<String, Object>) version.get("qemu");
    return qemu.get("major") + "." + qemu.get("minor") + "." + qemu.get("micro");
  }

  /** Runs a command without arguments and returns its "return" value. */
  public Object execute(String command) {
    return execute(command, Map.of(), DEFAULT_TIMEOUT);
  }

  /** Runs a command and returns its "return" value. */
  public Object execute(String command, Map<String, ?> arguments) {
    return execute(command, arguments, DEFAULT_TIMEOUT);
  }

  /**
   * Runs a command and returns its "return" value.
   *
   * @throws GuestException if QEMU answers with an error, closes, or does not answer in time
   */
  public synchronized Object execute(String command, Map<String, ?> arguments, Duration timeout) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("execute", command);
    if (!arguments.isEmpty()) {
      request.put("arguments", arguments);
    }
    try {
      UnixSockets.writeFully(
          channel, (Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GuestException("QMP: cannot send " + command, e);
    }
    Map<String, Object> reply = take(timeout, "the reply to " + command);
    if (reply.containsKey("error")) {
      throw new GuestException("QMP " + command + " failed: " + reply.get("error"));
    }
    return reply.get("return");
  }

  /**
   * Sends input events as one batch; QEMU's virtio input devices end it with SYN_REPORT. Events go
   * to the device that has the input focus for their kind.
   */
  public void inputSendEvent(List<Map<String, Object>> events) {
    execute("input-send-event", Map.of("events", events));
  }

  /** A key event; qcode is QEMU's key name, e.g. {@code a}, {@code shift}, {@code esc}. */
  public static Map<String, Object> key(String qcode, boolean down) {
    return Map.of(
        "type", "key", "data", Map.of("down", down, "key", Map.of("type", "qcode", "data", qcode)));
  }

  /** A button event; button is {@code left}, {@code right}, {@code middle}, ... */
  public static Map<String, Object> button(String button, boolean down) {
    return Map.of("type", "btn", "data", Map.of("down", down, "button", button));
  }

  /** An absolute axis event; axis is {@code x} or {@code y}, value in 0..32767. */
  public static Map<String, Object> abs(String axis, int value) {
    return Map.of("type", "abs", "data", Map.of("axis", axis, "value", value));
  }

  /** A relative axis event; axis is {@code x} or {@code y}. */
  public static Map<String, Object> rel(String axis, int value) {
    return Map.of("type", "rel", "data", Map.of("axis", axis, "value", value));
  }

  /** The asynchronous events QEMU sent so far, e.g. SHUTDOWN. */
  public List<Map<String, Object>> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing is best effort; QEMU is going away anyway.
    }
  }
}
