/* evdump.h: one evdev device read through libevdev like a real client, printed as agent lines. */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <libevdev/libevdev.h>

struct dump_device {
	char tag[32];		/* "event3", or the basename of the path */
	char *path;
	int fd;
	struct libevdev *dev;
	bool paused;		/* not read, so the kernel queue may overflow */
	bool syncing;		/* after SYN_DROPPED, until libevdev's sync is drained */
	unsigned long events;	/* lines printed by dump_device_drain() */
};

/**
 * Opens path non-blocking (read-write, or read-only if that is refused) and
 * reads its facts with libevdev.
 *
 * @return 0 and a new device in *out, owned by the caller (free with
 * dump_device_close()); -ENOTTY if path is not an evdev device; or another
 * -errno from open(2) or libevdev.
 */
int dump_device_open(const char *path, const char *tag, struct dump_device **out);

/** Frees libevdev and closes the fd (which also ends any grab). Accepts NULL. */
void dump_device_close(struct dump_device *d);

/** Prints the DEV line, every FACT line and the OPEN line of d to out. */
void dump_print_facts(FILE *out, const struct dump_device *d);

/**
 * Prints every event libevdev has for d, driving libevdev_next_event() in
 * NORMAL mode and, after a SYN_DROPPED, in SYNC mode until it is drained.
 *
 * @return 0 once libevdev says -EAGAIN, or the -errno that ended reading
 * (-ENODEV when the device is gone).
 */
int dump_device_drain(FILE *out, struct dump_device *d);

/**
 * Prints s between double quotes. Bytes outside 0x20..0x7e, '"' and '\\' are
 * written as \xHH, so any name survives the serial line and stays one token.
 */
void dump_print_quoted(FILE *out, const char *s);

/** Prints errno's symbolic name (EBUSY), or its number if it has none. */
void dump_print_errno(FILE *out, int errnum);

/**
 * The name of an event type without "EV_" (KEY, ABS, ...).
 *
 * @return a static string, or NULL for a type without a name.
 */
const char *dump_type_name(unsigned int type);

/** Sends libevdev's own log messages to out as LIBEVDEV lines. */
void dump_route_libevdev_log(FILE *out);
