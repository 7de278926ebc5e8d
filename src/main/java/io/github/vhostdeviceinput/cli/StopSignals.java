// SIGINT and SIGTERM: the first stops the backend cleanly, a second exits at once.
package io.github.vhostdeviceinput.cli;

import io.github.vhostdeviceinput.nativeio.Native;
import io.github.vhostdeviceinput.nativeio.NativeException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Installs the stop handlers. They are native (a self-pipe), so a second signal can end the process
 * even while the first stop is under way.
 */
final class StopSignals {
  private static final Logger LOG = System.getLogger(StopSignals.class.getName());

  private StopSignals() {}

  static void install(Runnable stop) throws NativeException {
    Native.stopSignalsInstall();
    Thread waiter =
        new Thread(
            () -> {
              try {
                int signal = Native.stopSignalsWait();
                LOG.log(Level.INFO, "signal {0}: stopping", signal);
              } catch (NativeException e) {
                LOG.log(Level.ERROR, "cannot wait for signals, stopping: " + e.getMessage());
              }
              stop.run();
            },
            "signals");
    waiter.setDaemon(true);
    waiter.start();
  }
}
