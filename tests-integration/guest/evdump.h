/* evdump.h: one evdev device read like a real libevdev client, or raw, printed as agent lines. */
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
	bool raw;		/* read(2) directly, not through libevdev */
	bool grabbed;		/* this reader holds EVIOCGRAB */
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
 * Prints every event queued for d. Through libevdev, this drives
 * libevdev_next_event() in NORMAL mode and, after a SYN_DROPPED, in SYNC mode
 * until it is drained. In raw mode it read(2)s struct input_event from the fd
 * and prints each event as the kernel gives it (SYN_DROPPED as a DROPPED
 * line, with no resync).
 *
 * @return 0 once there is nothing more to read (-EAGAIN), or the -errno that
 * ended reading (-ENODEV when the device is gone, -EINVAL for a read that is
 * not whole events).
 */
int dump_device_drain(FILE *out, struct dump_device *d);

/**
 * Grabs or releases d with EVIOCGRAB on its fd, not with libevdev_grab(): a
 * libevdev handle replaced by dump_device_renew() would believe it holds no
 * grab and ignore a release.
 *
 * @return 0, also if d already was in that state; or the -errno of EVIOCGRAB.
 */
int dump_device_grab(struct dump_device *d, bool grab);

/**
 * Replaces d's libevdev handle by a new one made from the same fd, so that
 * libevdev's state (keys, LEDs, switches, axes, slots) is the kernel's now.
 * libevdev saw none of the events read in raw mode, so its state is stale
 * after them. Like any libevdev_new_from_fd(), this makes the kernel drop
 * KEY, LED and SW events still queued for the fd: drain d first.
 *
 * @return 0, or the -errno of libevdev_new_from_fd(); d keeps its old handle
 * then.
 */
int dump_device_renew(struct dump_device *d);

/**
 * Switches d to raw reading, or back to reading through libevdev; back from
 * raw, d's libevdev handle is renewed (dump_device_renew()). Drain d in its
 * old mode first.
 *
 * @return 0, or the -errno of dump_device_renew(); d is unchanged then.
 */
int dump_device_set_raw(struct dump_device *d, bool raw);

/**
 * Prints the kernel's current state of d as STATE lines, read with ioctls on
 * its fd, not from libevdev: EVIOCGKEY, EVIOCGSW and EVIOCGLED (one line each
 * for the types d has), EVIOCGABS of every axis, and EVIOCGMTSLOTS of every
 * multitouch axis if d has ABS_MT_SLOT. EVIOCGKEY, EVIOCGSW and EVIOCGLED make
 * the kernel drop the queued events of their type: drain d first.
 *
 * @return 0, or the -errno of the first request that failed; nothing is
 * printed then.
 */
int dump_print_state(FILE *out, const struct dump_device *d);

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
