/* evdev.h: a host evdev device as an input source: open, facts and grab through libevdev, raw reads. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libevdev/libevdev.h>

#include "input_source.h"

struct evdev_device {
	struct input_source source; /* first: the device is its own source */
	struct libevdev *dev;       /* facts; its event queue is never read */
	bool grabbed;
};

/**
 * Opens path read-write and non-blocking as an evdev device, with
 * CLOCK_MONOTONIC timestamps where the device allows.
 *
 * @return 0 and a new device in *out, owned by the caller (free with
 * evdev_device_close()); -ENOTTY if path is not an evdev device; or another
 * -errno from open(2) or libevdev.
 */
int evdev_device_open(const char *path, struct evdev_device **out);

/**
 * Grabs the device for exclusive use, or releases the grab.
 *
 * @return 0, or -EBUSY if another process holds a grab, or another -errno.
 */
int evdev_device_grab(struct evdev_device *device, bool grab);

/** Returns the device's name, or "" (owned by the device). */
const char *evdev_device_name(const struct evdev_device *device);

/** Returns the device's unique id (serial), or "" (owned by the device). */
const char *evdev_device_uniq(const struct evdev_device *device);

/** Fills ids with the device's bustype, vendor, product and version. */
void evdev_device_ids(const struct evdev_device *device, int ids[4]);

/**
 * Fills info with axis code's minimum, maximum, fuzz, flat and resolution.
 *
 * @return 0, or -ENOENT if the device lacks the axis.
 */
int evdev_device_absinfo(const struct evdev_device *device, unsigned int code, int info[5]);

/**
 * Fills bits (len bytes, zeroed first) with the device's codes of type; with
 * its event types when type is EV_SYN (0), as EVIOCGBIT(0) does; or with its
 * INPUT_PROP_* properties when type is -1. Bit n is bit n % 8 of byte n / 8.
 *
 * @return the number of bytes up to and including the last nonzero one.
 */
size_t evdev_device_bits(const struct evdev_device *device, int type, uint8_t *bits, size_t len);

/**
 * Reads the device's state with the evdev ioctls (EVIOCGKEY, SW, LED, ABS and
 * MTSLOTS), as input_source_ops.snapshot.
 *
 * @return 0, or -errno from the first ioctl that fails.
 */
int evdev_device_snapshot(struct input_source *src, struct input_state *state);

/** Releases any grab, frees libevdev, closes the fd and frees the device. Accepts NULL. */
void evdev_device_close(struct evdev_device *device);
