/* log.c: stderr logging for the fixture. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

bool log_tracing;

void
log_error(const char *fmt, ...)
{
	va_list ap;

	fputs("fakeevdev: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
log_trace(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	if (!log_tracing)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, "[%ld.%06ld] ", (long)ts.tv_sec, ts.tv_nsec / 1000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
