/* stop_signals.h: SIGINT/SIGTERM handling: the first is reported to a waiting thread, a second exits. */
#pragma once

/**
 * Installs handlers for SIGINT and SIGTERM. The first such signal is queued
 * for stop_signals_wait(); any later one ends the process at once with
 * 128 + its number.
 *
 * @return 0, or -errno.
 */
int stop_signals_install(void);

/**
 * Blocks until the first stop signal arrives.
 *
 * @return its number, or -errno (-EINVAL if not installed).
 */
int stop_signals_wait(void);
