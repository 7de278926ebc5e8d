/* evdev.c: host input devices opened through libevdev: open, facts, grab, read, LEDs. */
#include "evdev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int
evdev_device_open(const char *path, struct evdev_device **out)
{
	struct evdev_device *device;
	int rc;

	device = calloc(1, sizeof(*device));
	if (!device)
		return -ENOMEM;

	device->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (device->fd < 0) {
		rc = -errno;
		goto err;
	}

	/* libevdev's first ioctls (EVIOCGBIT, EVIOCGVERSION) fail with ENOTTY or
	 * EINVAL on anything that is not evdev. fstat() cannot tell: a FUSE test
	 * device is a regular file. */
	rc = libevdev_new_from_fd(device->fd, &device->dev);
	if (rc == -ENOTTY || rc == -EINVAL || rc == -ENOSYS) {
		rc = -ENOTTY;
		goto err;
	}
	if (rc < 0)
		goto err;
	if (libevdev_get_driver_version(device->dev) == 0) {
		rc = -ENOTTY;
		goto err;
	}

	*out = device;
	return 0;

err:
	evdev_device_close(device);
	return rc;
}

int
evdev_device_grab(struct evdev_device *device, bool grab)
{
	int rc;

	if (device->grabbed == grab)
		return 0;
	rc = libevdev_grab(device->dev, grab ? LIBEVDEV_GRAB : LIBEVDEV_UNGRAB);
	if (rc < 0)
		return rc;
	device->grabbed = grab;
	return 0;
}

void
evdev_device_close(struct evdev_device *device)
{
	if (!device)
		return;
	if (device->dev) {
		if (device->grabbed)
			libevdev_grab(device->dev, LIBEVDEV_UNGRAB);
		libevdev_free(device->dev);
	}
	if (device->fd >= 0)
		close(device->fd);
	free(device);
}
