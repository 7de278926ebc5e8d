/* evdev.c: a host evdev device as an input source: open, facts and grab through libevdev, raw reads. */
#include "evdev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Returns the device that src is the source of. */
static struct evdev_device *
evdev_of(struct input_source *src)
{
	return (struct evdev_device *)src;
}

/* Reads raw events with read(2): libevdev's own reader drops some events
 * the kernel passes (an MT tracking id that changes N->M). */
static int
evdev_read(struct input_source *src, struct input_event *events, int max)
{
	ssize_t n = read(src->fd, events, (size_t)max * sizeof(*events));

	if (n < 0)
		return -errno;
	if (n == 0)
		return -EAGAIN;
	return (int)(n / (ssize_t)sizeof(*events));
}

static int
evdev_write_status(struct input_source *src, uint16_t type, uint16_t code, int32_t value)
{
	struct evdev_device *device = evdev_of(src);
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
		written = write(src->fd, ev, sizeof(ev));
		if (written < 0)
			return -errno;
		return written == sizeof(ev) ? 0 : -EIO;
	default:
		return -ENOTSUP;
	}
}

static void
evdev_close_source(struct input_source *src)
{
	evdev_device_close(evdev_of(src));
}

static const struct input_source_ops evdev_ops = {
	.read = evdev_read,
	.snapshot = evdev_device_snapshot,
	.write_status = evdev_write_status,
	.close = evdev_close_source,
};

/* Fills one bitmap of facts with the codes of type the device has. */
static void
evdev_fill_codes(const struct libevdev *dev, unsigned int type, uint8_t *bits, unsigned int count)
{
	unsigned int code;

	for (code = 0; code < count; code++)
		state_set_bit(bits, code, libevdev_has_event_code(dev, type, code));
}

/* Fills the facts the guest-state model needs. */
static void
evdev_fill_facts(const struct libevdev *dev, struct input_facts *facts)
{
	int slots = libevdev_get_num_slots(dev);

	memset(facts, 0, sizeof(*facts));
	evdev_fill_codes(dev, EV_KEY, facts->key, KEY_CNT);
	evdev_fill_codes(dev, EV_SW, facts->sw, SW_CNT);
	evdev_fill_codes(dev, EV_LED, facts->led, LED_CNT);
	evdev_fill_codes(dev, EV_ABS, facts->abs, ABS_CNT);
	facts->num_slots = slots < 0 ? 0 : slots > STATE_MAX_SLOTS ? STATE_MAX_SLOTS : slots;
}

int
evdev_device_open(const char *path, struct evdev_device **out)
{
	struct evdev_device *device;
	int rc;

	device = calloc(1, sizeof(*device));
	if (!device)
		return -ENOMEM;
	device->source.ops = &evdev_ops;

	device->source.fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (device->source.fd < 0) {
		rc = -errno;
		goto err;
	}

	/* libevdev's first ioctls (EVIOCGBIT, EVIOCGVERSION) fail with ENOTTY or
	 * EINVAL on anything that is not evdev. fstat() cannot tell: a FUSE test
	 * device is a regular file. */
	rc = libevdev_new_from_fd(device->source.fd, &device->dev);
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
	/* Frame timestamps tell bursts from a device's own pace; a clock that
	 * cannot be set stays realtime, which tells them too. */
	libevdev_set_clock_id(device->dev, CLOCK_MONOTONIC);
	evdev_fill_facts(device->dev, &device->source.facts);
	device->source.has_repeat = libevdev_has_event_type(device->dev, EV_REP);

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

const char *
evdev_device_name(const struct evdev_device *device)
{
	const char *name = libevdev_get_name(device->dev);

	return name ? name : "";
}

const char *
evdev_device_uniq(const struct evdev_device *device)
{
	const char *uniq = libevdev_get_uniq(device->dev);

	return uniq ? uniq : "";
}

void
evdev_device_ids(const struct evdev_device *device, int ids[4])
{
	ids[0] = libevdev_get_id_bustype(device->dev);
	ids[1] = libevdev_get_id_vendor(device->dev);
	ids[2] = libevdev_get_id_product(device->dev);
	ids[3] = libevdev_get_id_version(device->dev);
}

int
evdev_device_absinfo(const struct evdev_device *device, unsigned int code, int info[5])
{
	const struct input_absinfo *abs;

	if (code > ABS_MAX)
		return -ENOENT;
	abs = libevdev_get_abs_info(device->dev, code);
	if (!abs)
		return -ENOENT;
	info[0] = abs->minimum;
	info[1] = abs->maximum;
	info[2] = abs->fuzz;
	info[3] = abs->flat;
	info[4] = abs->resolution;
	return 0;
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
	if (device->source.fd >= 0)
		close(device->source.fd);
	free(device);
}
