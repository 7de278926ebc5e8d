// Routes System.Logger to one line per record on stderr, at a level chosen on the command line.
package io.github.vhostdeviceinput.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * A {@link System.LoggerFinder} registered through META-INF/services, so the product needs no
 * java.util.logging set-up and every log line has the same shape.
 */
public final class StderrLoggerFinder extends System.LoggerFinder {
  private static volatile Level threshold = Level.INFO;

  /** Logs at {@code level} and above from now on. */
  public static void setThreshold(Level level) {
    threshold = level;
  }

  static Level threshold() {
    return threshold;
  }

  @Override
  public Logger getLogger(String name, Module module) {
    return new StderrLogger(name);
  }
}
