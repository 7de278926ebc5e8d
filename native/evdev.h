/* evdev.h: host input devices opened through libevdev: open, facts, grab, read, LEDs. */
#pragma once

#include <stdbool.h>
#include <libevdev/libevdev.h>

struct evdev_device {
	int fd;
	struct libevdev *dev;
	bool grabbed;
};

/**
 * Opens path read-write and non-blocking as an evdev device.
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

/** Releases any grab, frees libevdev and closes the fd. Accepts NULL. */
void evdev_device_close(struct evdev_device *device);
