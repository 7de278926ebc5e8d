// Entry point: parses the command line, starts the backend and maps every outcome to an exit code.
package io.github.vhostdeviceinput.cli;

import io.github.vhostdeviceinput.device.StartupException;
import io.github.vhostdeviceinput.device.Supervisor;
import io.github.vhostdeviceinput.log.StderrLoggerFinder;
import io.github.vhostdeviceinput.nativeio.NativeException;
import io.github.vhostdeviceinput.nativeio.NativeLibrary;
import java.io.PrintWriter;

/** {@code vhost-device-input}: see {@link CommandLine#help()}. */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_RUNTIME_ERROR = 1;
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the backend until SIGINT or SIGTERM; returns the exit code. Never exits the JVM. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine.Parsed parsed;
    try {
      parsed = CommandLine.parse(args);
    } catch (UsageException e) {
      err.println(CommandLine.PROGRAM + ": " + e.getMessage() + " (see --help)");
      return EXIT_USAGE;
    }
    if (parsed.help()) {
      out.print(CommandLine.help());
      out.flush();
      return EXIT_OK;
    }
    if (parsed.version()) {
      out.println(CommandLine.PROGRAM + " " + version());
      return EXIT_OK;
    }
    StderrLoggerFinder.setThreshold(parsed.settings().logLevel());
    try {
      NativeLibrary.load();
    } catch (UnsatisfiedLinkError e) {
      err.println(CommandLine.PROGRAM + ": " + e.getMessage());
      return EXIT_RUNTIME_ERROR;
    }
    Supervisor supervisor;
    try {
      supervisor = Supervisor.start(parsed.settings());
    } catch (StartupException e) {
      err.println(CommandLine.PROGRAM + ": " + e.getMessage());
      return EXIT_RUNTIME_ERROR;
    }
    try {
      StopSignals.install(supervisor::stop);
    } catch (NativeException e) {
      supervisor.stop();
      err.println(CommandLine.PROGRAM + ": " + e.getMessage());
      return EXIT_RUNTIME_ERROR;
    }
    try {
      supervisor.awaitStopped();
    } catch (InterruptedException e) {
      supervisor.stop();
      Thread.currentThread().interrupt();
    }
    return EXIT_OK;
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version != null ? version : "(development build)";
  }
}
