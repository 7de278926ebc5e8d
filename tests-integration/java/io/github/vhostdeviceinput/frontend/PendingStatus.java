// A status event the driver emulation posted, and whether the back-end has returned its buffer.
package io.github.vhostdeviceinput.frontend;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The buffer of one {@link TestFrontend#sendStatus} call, until the back-end uses it. */
public final class PendingStatus {
  private final InputEvent event;
  private final int descriptor;
  private final CompletableFuture<Integer> usedLen = new CompletableFuture<>();

  PendingStatus(InputEvent event, int descriptor) {
    this.event = event;
    this.descriptor = descriptor;
  }

  public InputEvent event() {
    return event;
  }

  /** The descriptor id the buffer went out with. */
  public int descriptor() {
    return descriptor;
  }

  public boolean returned() {
    return usedLen.isDone();
  }

  /**
   * Waits until the back-end returns the buffer.
   *
   * @return the used length it reported (0 is correct for a device-readable buffer)
   */
  public int awaitReturned(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      return usedLen.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "back-end did not return status buffer "
              + descriptor
              + " "
              + event
              + " within "
              + timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  void complete(int len) {
    usedLen.complete(len);
  }
}
