/* device.c: creating and unplugging a device, its clients, its grab and its record of client writes. */
#include "device.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "log.h"

#define EVDEV_MIN_BUFFER_SIZE 64
#define EVDEV_BUF_PACKETS 8

/* @return whether axis is per-slot in the kernel's eyes (input_is_mt_axis()) */
static bool
is_mt_axis(unsigned int axis)
{
	return axis == ABS_MT_SLOT || (axis >= MT_FIRST && axis <= MT_LAST);
}

/* @return the events one packet may hold, as input_estimate_events_per_packet() guesses */
static unsigned int
estimate_events_per_packet(const struct device_caps *caps)
{
	unsigned int mt_slots = 0;
	unsigned int events;

	if (caps->mt_slots) {
		mt_slots = caps->mt_slots;
	} else if (bit_test(caps->abs, ABS_MT_TRACKING_ID)) {
		int n = caps->absinfo[ABS_MT_TRACKING_ID].maximum -
			caps->absinfo[ABS_MT_TRACKING_ID].minimum + 1;

		mt_slots = n < 2 ? 2 : n > 32 ? 32 : (unsigned int)n;
	} else if (bit_test(caps->abs, ABS_MT_POSITION_X)) {
		mt_slots = 2;
	}
	events = mt_slots + 1; /* SYN_MT_REPORT and SYN_REPORT */
	if (bit_test(caps->ev, EV_ABS)) {
		for (unsigned int i = 0; i < ABS_CNT; i++) {
			if (bit_test(caps->abs, i))
				events += is_mt_axis(i) ? mt_slots : 1;
		}
	}
	if (bit_test(caps->ev, EV_REL))
		events += bit_weight(caps->rel, REL_CNT);
	return events + 7; /* room for KEY and MSC events */
}

/*
 * @return nothing; gives a device with slots what input_mt_init_slots() gives
 * every slotted kernel device, uinput's included, whatever the definition said:
 * ABS_MT_SLOT 0..slots-1 and ABS_MT_TRACKING_ID 0..65535 (TRKID_MAX), both
 * without fuzz or flat. A definition without ABS_MT_TRACKING_ID gets it, which
 * also counts in the packet estimate below.
 */
static void
mt_init_slots(struct device_caps *caps)
{
	struct input_absinfo *slot = &caps->absinfo[ABS_MT_SLOT];
	struct input_absinfo *id = &caps->absinfo[ABS_MT_TRACKING_ID];

	if (!caps->mt_slots)
		return;
	slot->minimum = 0;
	slot->maximum = (int)caps->mt_slots - 1;
	slot->fuzz = 0;
	slot->flat = 0;
	id->minimum = 0;
	id->maximum = 0xffff;
	id->fuzz = 0;
	id->flat = 0;
	bit_set(caps->abs, ABS_MT_TRACKING_ID);
}

/* @return the smallest power of two not below v */
static unsigned int
roundup_pow2(unsigned int v)
{
	unsigned int r = 1;

	while (r < v)
		r <<= 1;
	return r;
}

int
device_new(struct device_caps *caps, unsigned int index, fuse_ino_t ino, unsigned int bufsize,
	   struct write_log *writes, struct device **out)
{
	struct device *d = calloc(1, sizeof(*d));
	unsigned int hint;

	if (!d)
		return -ENOMEM;
	d->caps = *caps;
	memset(caps, 0, sizeof(*caps));
	mt_init_slots(&d->caps);
	d->index = index;
	d->ino = ino;
	d->present = true;
	d->writes = writes;
	for (unsigned int s = 0; s < CAPS_MAX_SLOTS; s++)
		d->mt_values[s][ABS_MT_TRACKING_ID - MT_FIRST] = -1;

	hint = estimate_events_per_packet(&d->caps);
	d->max_vals = hint + 2;
	/* evdev_compute_buffer_size() */
	if (bufsize == 0)
		bufsize = hint * EVDEV_BUF_PACKETS > EVDEV_MIN_BUFFER_SIZE ?
				  hint * EVDEV_BUF_PACKETS :
				  EVDEV_MIN_BUFFER_SIZE;
	d->bufsize = roundup_pow2(bufsize);
	d->vals = calloc(d->max_vals, sizeof(*d->vals));
	if (!d->vals) {
		device_free(d);
		return -ENOMEM;
	}
	*out = d;
	return 0;
}

void
device_free(struct device *d)
{
	if (!d)
		return;
	caps_release(&d->caps);
	free(d->vals);
	free(d);
}

void
device_attach(struct device *d, struct client *c)
{
	c->next = d->clients;
	d->clients = c;
	d->nclients++;
}

void
device_detach(struct device *d, struct client *c)
{
	for (struct client **pp = &d->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			d->nclients--;
			break;
		}
	}
	if (d->grab == c) {
		d->grab = NULL;
		d->grab_pid = 0;
	}
}

void
device_unplug(struct device *d)
{
	d->present = false;
	d->grab = NULL;
	d->grab_pid = 0;
	d->num_vals = 0;
	for (struct client *c = d->clients; c; c = c->next)
		client_wakeup(c);
	log_trace("event%u unplugged, %u clients still open", d->index, d->nclients);
}

int
device_grab(struct device *d, struct client *c, bool grab, pid_t pid)
{
	if (grab) {
		if (d->grab)
			return -EBUSY;
		d->grab = c;
		d->grab_pid = pid;
	} else {
		if (d->grab != c)
			return -EINVAL;
		d->grab = NULL;
		d->grab_pid = 0;
	}
	return 0;
}

void
device_record_write(struct device *d, const struct fev_event *ev)
{
	struct write_log *log = d->writes;

	if (log->count == WRITE_LOG_MAX) {
		log->lost++;
		return;
	}
	if (!log->events) {
		log->events = malloc(WRITE_LOG_MAX * sizeof(*log->events));
		if (!log->events) {
			log->lost++;
			return;
		}
	}
	log->events[log->count++] = *ev;
}

void
write_log_clear(struct write_log *log)
{
	free(log->events);
	log->events = NULL;
	log->count = 0;
}

bool
device_delivers_to(const struct device *d, const struct client *c)
{
	return !c->revoked && (!d->grab || d->grab == c);
}
