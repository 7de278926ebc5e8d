/* log.h: messages to stderr: errors always, traces of every request with --trace. */
#pragma once

#include <stdbool.h>

extern bool log_tracing;

/**
 * Prints "fakeevdev: <message>" to stderr.
 *
 * @return nothing
 */
__attribute__((format(printf, 1, 2))) void log_error(const char *fmt, ...);

/**
 * Prints "[seconds.micros] <message>" to stderr, with --trace only.
 *
 * @return nothing
 */
__attribute__((format(printf, 1, 2))) void log_trace(const char *fmt, ...);
