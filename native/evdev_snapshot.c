/* evdev_snapshot.c: an evdev device's current state, read with the evdev ioctls. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "evdev.h"

/* Reads the value of every multitouch axis in every slot. Returns 0 or -errno. */
static int
snapshot_slots(int fd, const struct input_facts *f, struct input_state *state)
{
	int32_t request[1 + STATE_MAX_SLOTS];
	int axis, slot;

	for (axis = 0; axis < STATE_MT_AXES; axis++) {
		if (!state_bit(f->abs, STATE_MT_FIRST + axis))
			continue;
		memset(request, 0, sizeof(request));
		request[0] = STATE_MT_FIRST + axis;
		/* The kernel fills as many slots as the buffer holds. */
		if (ioctl(fd, EVIOCGMTSLOTS(sizeof(request)), request) < 0)
			return -errno;
		for (slot = 0; slot < f->num_slots; slot++)
			state->mt[slot][axis] = request[1 + slot];
	}
	return 0;
}

int
evdev_device_snapshot(struct input_source *src, struct input_state *state)
{
	const struct input_facts *f = &src->facts;
	struct input_absinfo abs;
	unsigned int code;
	int fd = src->fd;

	input_state_init(state);
	if (ioctl(fd, EVIOCGKEY(sizeof(state->key)), state->key) < 0 ||
	    ioctl(fd, EVIOCGSW(sizeof(state->sw)), state->sw) < 0 ||
	    ioctl(fd, EVIOCGLED(sizeof(state->led)), state->led) < 0)
		return -errno;
	for (code = 0; code < ABS_CNT; code++) {
		/* Multitouch axes are read per slot below, or hold nothing. */
		if (!state_bit(f->abs, code) ||
		    (code >= STATE_MT_FIRST && code < STATE_MT_FIRST + STATE_MT_AXES))
			continue;
		if (ioctl(fd, EVIOCGABS(code), &abs) < 0)
			return -errno;
		if (code == ABS_MT_SLOT && f->num_slots > 0)
			state->slot = abs.value >= 0 && abs.value < f->num_slots ? abs.value : 0;
		else
			state->abs[code] = abs.value;
	}
	return f->num_slots > 0 ? snapshot_slots(fd, f, state) : 0;
}
