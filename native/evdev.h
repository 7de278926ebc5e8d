/* evdev.h: host input devices opened through libevdev: open, facts, grab, read, LEDs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libevdev/libevdev.h>

#include "frames.h"

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

/**
 * Reads pending events into frames, at most max_events: normal events as they
 * come and, after a SYN_DROPPED, libevdev's resync events (the partial frame
 * before the drop is forgotten, as the kernel asks of clients). With
 * stop_at_frame it returns as soon as a normal (not resync) frame is queued,
 * so the caller can deliver it before the read that finds the device empty.
 *
 * @return the number of events read, -ENODEV if the device is gone, or
 * another -errno; *drained tells whether the device had nothing more (a read
 * ended in EAGAIN), else more may be pending.
 */
int evdev_device_read(struct evdev_device *device, struct frames *frames, int max_events,
		      bool stop_at_frame, bool *drained);

/**
 * Applies one status event from the guest: EV_LED sets an LED and EV_SND a
 * sound, each followed by SYN_REPORT.
 *
 * @return 0; -EINVAL if the device lacks that LED or sound; -ENOTSUP for any
 * other type; or -errno from the write.
 */
int evdev_device_write_status(struct evdev_device *device, uint16_t type, uint16_t code,
			      int32_t value);

/**
 * Fills bits (len bytes, zeroed first) with the device's codes of type; with
 * its event types when type is EV_SYN (0), as EVIOCGBIT(0) does; or with its
 * INPUT_PROP_* properties when type is -1. Bit n is bit n % 8 of byte n / 8.
 *
 * @return the number of bytes up to and including the last nonzero one.
 */
size_t evdev_device_bits(const struct evdev_device *device, int type, uint8_t *bits, size_t len);

/** Releases any grab, frees libevdev and closes the fd. Accepts NULL. */
void evdev_device_close(struct evdev_device *device);
