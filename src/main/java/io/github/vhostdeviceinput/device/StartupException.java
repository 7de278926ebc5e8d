// A start-up failure the user can fix, described in one line that names the input and the cause.
package io.github.vhostdeviceinput.device;

/** The backend cannot start; the message is the whole explanation. */
public final class StartupException extends Exception {
  private static final long serialVersionUID = 1L;

  StartupException(String message) {
    super(message);
  }
}
