// When each numbered frame reached the receiver: the front-end's used ring, or the floor reader.
package io.github.vhostdeviceinput.bench;

import io.github.vhostdeviceinput.frontend.EventListener;
import java.util.concurrent.locks.LockSupport;

/**
 * Frames carry their sequence number: a mouse frame in REL_X ({@link MouseFrames}), a key frame in
 * its key code and value ({@link KeyFrames#seq}). A frame has arrived when its SYN_REPORT has: the
 * front-end's interrupt thread (as an {@link EventListener}) or the floor reader's thread calls
 * {@link #arrived}. One thread writes; others read after {@link #frames} or {@link #highestSeq},
 * whose volatile writes publish the times.
 */
final class ArrivalLog implements EventListener {
  private static final int EV_SYN = 0;
  private static final int EV_KEY = 1;
  private static final int EV_REL = 2;
  private static final int SYN_REPORT = 0;
  private static final int REL_X = 0;

  private final long[] arrivals;
  private final int cycle;
  private int currentSeq;
  private int lastSeq;
  private long events;
  private long outOfOrder;
  private volatile long frames;
  private volatile int highestSeq;
  private volatile long lastArrivalNanos;

  /** Keeps the arrival times of sequence numbers below capacity; beyond, only counts. */
  ArrivalLog(int capacity) {
    this.arrivals = new long[capacity];
    this.cycle = Integer.MAX_VALUE;
  }

  private ArrivalLog(int capacity, int cycle) {
    this.arrivals = new long[capacity];
    this.cycle = cycle;
  }

  /**
   * For rounds of the same frames 1..framesPerRound: after frame framesPerRound, frame 1 is the one
   * in order again, and each arrival time is that of the latest round.
   */
  static ArrivalLog repeating(int framesPerRound) {
    return new ArrivalLog(framesPerRound + 1, framesPerRound);
  }

  @Override
  public void onEvent(int type, int code, int value, long nanoTime) {
    events++;
    if (type == EV_REL && code == REL_X) {
      currentSeq = value;
    } else if (type == EV_KEY) {
      currentSeq = KeyFrames.seq(code, value);
    } else if (type == EV_SYN && code == SYN_REPORT) {
      arrived(currentSeq, nanoTime);
      currentSeq = 0;
    }
  }

  /** Frame seq was seen whole at nanoTime. */
  void arrived(int seq, long nanoTime) {
    if (seq != lastSeq % cycle + 1) {
      outOfOrder++;
    }
    lastSeq = seq;
    boolean repeats = cycle != Integer.MAX_VALUE;
    if (seq > 0 && seq < arrivals.length && (arrivals[seq] == 0 || repeats)) {
      arrivals[seq] = nanoTime;
    }
    lastArrivalNanos = nanoTime;
    if (seq > highestSeq) {
      highestSeq = seq;
    }
    frames = frames + 1; // one writer
  }

  /** Counts events for a receiver that sees whole frames only (the floor reader). */
  void addEvents(long n) {
    events += n;
  }

  /** When frame seq arrived, or 0 if it has not. */
  long arrival(int seq) {
    return arrivals[seq];
  }

  long frames() {
    return frames;
  }

  int highestSeq() {
    return highestSeq;
  }

  long lastArrivalNanos() {
    return lastArrivalNanos;
  }

  /** Events seen up to the last whole frame; call after the receiver has gone quiet. */
  long events() {
    publishedFrames();
    return events;
  }

  /** Frames whose number did not follow the previous one: lost, repeated or reordered. */
  long outOfOrder() {
    publishedFrames();
    return outOfOrder;
  }

  /** A volatile read: makes the writer's plain fields, written before it, visible. */
  private long publishedFrames() {
    return frames;
  }

  /**
   * Polls until count frames in all have arrived or the timeout passes; returns whether they did.
   */
  boolean awaitFrames(long count, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (frames < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return true;
  }

  /** Polls until frame seq has arrived or the timeout passes; returns whether it arrived. */
  boolean awaitSeq(int seq, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (highestSeq < seq) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return true;
  }
}
