// Plays the guest's interrupt handler for one queue: waits on the call eventfd, then runs.
package io.github.vhostdeviceinput.frontend;

import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.testjni.TestNative;
import java.util.function.Consumer;

/**
 * Waits on a call eventfd (poll, then read to reset it) and runs a handler for each wake-up, as an
 * MSI-X vector runs the virtqueue's callback. While paused it leaves calls pending in the eventfd,
 * so resuming picks them up exactly as a delayed interrupt would.
 */
final class InterruptThread {
  private static final int POLL_SLICE_MS = 100;
  private static final long JOIN_MS = 2000;

  private final int callFd;
  private final Runnable handler;
  private final Consumer<Throwable> onFailure;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean paused;
  private volatile boolean stopping;
  private long calls;

  InterruptThread(String name, int callFd, Runnable handler, Consumer<Throwable> onFailure) {
    this.callFd = callFd;
    this.handler = handler;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** After this returns, the handler is not running and will not run until {@link #resume}. */
  void pause() {
    synchronized (lock) {
      paused = true;
    }
  }

  void resume() {
    synchronized (lock) {
      paused = false;
      lock.notifyAll();
    }
  }

  long calls() {
    synchronized (lock) {
      return calls;
    }
  }

  /** Stops the thread; returns once it has ended, or after two seconds at most. */
  void stop() {
    stopping = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    if (thread.isAlive()) {
      try {
        TestNative.eventfdWrite(callFd, 1); // wakes the poll at once
      } catch (NativeException e) {
        // the fd may already be closed; the poll slice ends the wait anyway
      }
      try {
        thread.join(JOIN_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (true) {
        synchronized (lock) {
          while (paused && !stopping) {
            lock.wait();
          }
        }
        if (stopping) {
          return;
        }
        if (TestNative.pollIn(callFd, POLL_SLICE_MS) == 0) {
          continue;
        }
        synchronized (lock) {
          if (stopping) {
            return;
          }
          if (paused) {
            continue; // leave the call pending until resume
          }
          if (TestNative.eventfdRead(callFd) == 0) {
            continue;
          }
          calls++;
          handler.run();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (NativeException | RuntimeException e) {
      if (!stopping) {
        onFailure.accept(e);
      }
    }
  }
}
