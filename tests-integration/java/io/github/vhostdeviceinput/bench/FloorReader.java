// Runs the floor (bin/floor-reader, a direct epoll reader of the fake evdev) and collects its
// frames.
package io.github.vhostdeviceinput.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor reader's records (see floor_reader.c) go into an {@link ArrivalLog} on a thread of this
 * JVM as they stream in. {@link #finish} closes its stdin, so it reads what the device still holds
 * and reports its counters; {@link #close} kills it whatever happened.
 */
final class FloorReader implements AutoCloseable {
  private static final int RECORD = 16;
  private static final long STOP_MS = 10_000;

  /** What the reader counted: read(2) calls, SYN_DROPPED seen, events read. */
  record Counters(long reads, long synDropped, long events) {}

  private final Process process;
  private final Path log;
  private final InputStream in;
  private final ArrivalLog arrivals;
  private final boolean relay;
  private final Thread thread;
  private volatile Counters counters;
  private volatile Exception failure;

  private FloorReader(Process process, Path log, ArrivalLog arrivals, boolean relay) {
    this.process = process;
    this.log = log;
    this.in = new BufferedInputStream(process.getInputStream(), 1 << 16);
    this.arrivals = arrivals;
    this.relay = relay;
    this.thread = new Thread(this::pump, "floor-reader-" + process.pid());
    thread.setDaemon(true);
  }

  /**
   * Starts the reader on device and returns once it has the device open and watched. With relay, it
   * sends each frame at once and frames are timed when they reach this JVM, one process hop later,
   * instead of when the reader read them.
   */
  static FloorReader start(Path binary, Path device, Path dir, ArrivalLog arrivals, boolean relay)
      throws IOException {
    Path log = Files.createTempFile(dir, "floor", ".log");
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    if (relay) {
      command.add("--relay");
    }
    command.add(device.toString());
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    FloorReader reader = new FloorReader(process, log, arrivals, relay);
    try {
      byte[] header = reader.in.readNBytes(RECORD);
      if (header.length != RECORD
          || !new String(header, 0, 8, StandardCharsets.US_ASCII).equals("FLOOR001")) {
        throw new IOException("floor-reader did not start: " + reader.log());
      }
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    reader.thread.start();
    return reader;
  }

  long pid() {
    return process.pid();
  }

  private void pump() {
    byte[] buf = new byte[RECORD];
    ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    try {
      while (true) {
        readFully(buf, RECORD);
        int seq = b.getInt(0);
        int events = b.getInt(4);
        long nanos = relay ? System.nanoTime() : b.getLong(8);
        if (seq == -1) {
          byte[] tail = new byte[24];
          readFully(tail, tail.length);
          ByteBuffer t = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
          counters = new Counters(t.getLong(0), t.getLong(8), t.getLong(16));
          return;
        }
        arrivals.addEvents(events);
        arrivals.arrived(seq, nanos);
      }
    } catch (IOException e) {
      failure = e;
    }
  }

  private void readFully(byte[] buf, int n) throws IOException {
    if (in.readNBytes(buf, 0, n) != n) {
      throw new EOFException("floor-reader output ended early: " + log());
    }
  }

  /**
   * Ends the reader: it reads what the device holds, reports and exits.
   *
   * @return its counters
   * @throws IOException if it failed or did not report within 10 s
   */
  Counters finish() throws IOException, InterruptedException {
    process.getOutputStream().close();
    thread.join(STOP_MS);
    if (!process.waitFor(STOP_MS, TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
      throw new IOException("floor-reader did not exit cleanly: " + log());
    }
    if (failure != null) {
      throw new IOException("reading floor-reader output: " + failure.getMessage(), failure);
    }
    if (counters == null) {
      throw new IOException("floor-reader sent no counters: " + log());
    }
    return counters;
  }

  private String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(STOP_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temp file; the run's dir goes later
    }
  }
}
