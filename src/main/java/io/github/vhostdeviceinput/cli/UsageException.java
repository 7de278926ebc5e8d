// A command-line mistake: printed as one line, exit code 2.
package io.github.vhostdeviceinput.cli;

/** The command line cannot be used as given. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
