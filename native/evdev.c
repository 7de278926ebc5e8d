/* evdev.c: host input devices opened through libevdev: open, facts, grab, read, LEDs. */
#include "evdev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
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

int
evdev_device_read(struct evdev_device *device, struct frames *frames, int max_events,
		  bool stop_at_frame, bool *drained)
{
	unsigned int flag = LIBEVDEV_READ_FLAG_NORMAL;
	struct input_event ev;
	int n = 0, rc;

	*drained = false;
	while (n < max_events) {
		rc = libevdev_next_event(device->dev, flag, &ev);
		if (rc == -EAGAIN) {
			if (flag == LIBEVDEV_READ_FLAG_SYNC) {
				flag = LIBEVDEV_READ_FLAG_NORMAL;
				continue;
			}
			*drained = true;
			return n;
		}
		if (rc < 0)
			return rc;
		if (rc == LIBEVDEV_READ_STATUS_SYNC && flag == LIBEVDEV_READ_FLAG_NORMAL) {
			/* ev is SYN_DROPPED: what follows in SYNC mode is the device's
			 * state, ending in SYN_REPORT. */
			frames_drop_partial(frames);
			flag = LIBEVDEV_READ_FLAG_SYNC;
			continue;
		}
		n++;
		/* Never stop inside a resync: libevdev drops the rest of it
		 * once NORMAL reads resume. */
		if (frames_add(frames, ev.type, ev.code, ev.value) && stop_at_frame &&
		    flag == LIBEVDEV_READ_FLAG_NORMAL)
			return n;
	}
	return n;
}

int
evdev_device_write_status(struct evdev_device *device, uint16_t type, uint16_t code,
			  int32_t value)
{
	struct input_event ev[2];
	ssize_t written;

	switch (type) {
	case EV_LED:
		if (!libevdev_has_event_code(device->dev, EV_LED, code))
			return -EINVAL;
		return libevdev_kernel_set_led_value(device->dev, code,
						     value ? LIBEVDEV_LED_ON : LIBEVDEV_LED_OFF);
	case EV_SND:
		if (!libevdev_has_event_code(device->dev, EV_SND, code))
			return -EINVAL;
		memset(ev, 0, sizeof(ev));
		ev[0].type = EV_SND;
		ev[0].code = code;
		ev[0].value = value;
		ev[1].type = EV_SYN;
		ev[1].code = SYN_REPORT;
		written = write(device->fd, ev, sizeof(ev));
		if (written < 0)
			return -errno;
		return written == sizeof(ev) ? 0 : -EIO;
	default:
		return -ENOTSUP;
	}
}

size_t
evdev_device_bits(const struct evdev_device *device, int type, uint8_t *bits, size_t len)
{
	unsigned int code, max;
	size_t used = 0;

	memset(bits, 0, len);
	if (type < 0)
		max = INPUT_PROP_MAX;
	else if (type == EV_SYN)
		max = EV_MAX;
	else if (libevdev_event_type_get_max(type) < 0)
		return 0;
	else
		max = libevdev_event_type_get_max(type);
	for (code = 0; code <= max && code / 8 < len; code++) {
		bool set = type < 0 ? libevdev_has_property(device->dev, code)
			 : type == EV_SYN ? libevdev_has_event_type(device->dev, code)
					  : libevdev_has_event_code(device->dev, type, code);

		if (set) {
			bits[code / 8] |= 1u << (code % 8);
			used = code / 8 + 1;
		}
	}
	return used;
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
