// How our backend was told to pace bursts in a run, for labels and results.json.
package io.github.vhostdeviceinput.bench;

import java.util.Locale;

/**
 * Ours paces frames written in one go ({@code --burst-rate}, default {@link
 * BackendTemplate#DEFAULT_BURST_RATE} events/s); runs that measure the data plane turn that off.
 * The floor and other backends have no such setting.
 */
enum BurstRate {
  NOT_OURS,
  UNLIMITED,
  DEFAULT;

  /** As results.json spells it: null, "unlimited" or "default". */
  String json() {
    return this == NOT_OURS ? null : name().toLowerCase(Locale.ROOT);
  }

  /** A receiver's label in tables: "floor", "qemu ring 4", "ours, paced (...), ring 4", ... */
  String label(String receiver, int ring) {
    return switch (this) {
      case NOT_OURS -> ring == 0 ? receiver : receiver + " ring " + ring;
      case UNLIMITED -> receiver + ", " + BackendTemplate.BURST_RATE_UNLIMITED + ", ring " + ring;
      case DEFAULT ->
          receiver
              + ", paced (default --burst-rate "
              + BackendTemplate.DEFAULT_BURST_RATE
              + "), ring "
              + ring;
    };
  }
}
