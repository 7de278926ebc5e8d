// One System.Logger record as one stderr line: time, level, logger name, message.
package io.github.vhostdeviceinput.log;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/** Writes records at or above {@link StderrLoggerFinder#threshold()} to stderr. */
final class StderrLogger implements System.Logger {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final String name;
  private final String shortName;

  StderrLogger(String name) {
    this.name = name;
    this.shortName = name.substring(name.lastIndexOf('.') + 1);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return level != Level.OFF
        && level.getSeverity() >= StderrLoggerFinder.threshold().getSeverity();
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    if (!isLoggable(level)) {
      return;
    }
    String text = msg;
    if (thrown != null) {
      text = msg + ": " + thrown;
    }
    write(level, text);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (!isLoggable(level)) {
      return;
    }
    write(
        level,
        params == null || params.length == 0 ? format : MessageFormat.format(format, params));
  }

  @Override
  public void log(Level level, Supplier<String> msgSupplier) {
    if (isLoggable(level)) {
      write(level, msgSupplier.get());
    }
  }

  private void write(Level level, String text) {
    PrintStream err = System.err;
    String line = LocalTime.now().format(TIME) + " " + label(level) + " " + shortName + ": " + text;
    synchronized (err) {
      err.println(line);
    }
  }

  private static String label(Level level) {
    switch (level) {
      case ERROR:
        return "ERROR";
      case WARNING:
        return "WARN ";
      case INFO:
        return "INFO ";
      case DEBUG:
        return "DEBUG";
      default:
        return "TRACE";
    }
  }
}
