/* input.c: event filtering, state tracking and frame delivery, ported from drivers/input/input.c. */
#include "input.h"

#include <time.h>

#include "client.h"

/* input_get_disposition() results */
#define IGNORE_EVENT 0
#define PASS_TO_HANDLERS 1
#define FLUSH 2
#define SLOT 4

/* @return value smoothed against old as input_defuzz_abs_event() does */
static int
defuzz(int value, int old, int fuzz)
{
	if (fuzz) {
		if (value > old - fuzz / 2 && value < old + fuzz / 2)
			return old;
		if (value > old - fuzz && value < old + fuzz)
			return (old * 3 + value) / 4;
		if (value > old - fuzz * 2 && value < old + fuzz * 2)
			return (old + value) / 2;
	}
	return value;
}

/* @return the disposition of an EV_ABS event (input_handle_abs_event()); may change *value */
static int
handle_abs(struct device *d, unsigned int code, int *value)
{
	bool is_new_slot = false;
	int *old;

	if (code == ABS_MT_SLOT) {
		/* staged: sent with the slot's next real change */
		if (d->caps.mt_slots && *value >= 0 && (unsigned int)*value < d->caps.mt_slots)
			d->mt_slot = *value;
		return IGNORE_EVENT;
	}
	if (code < MT_FIRST || code > MT_LAST) {
		old = &d->caps.absinfo[code].value;
	} else if (d->caps.mt_slots) {
		old = &d->mt_values[d->mt_slot][code - MT_FIRST];
		is_new_slot = d->mt_slot != d->caps.absinfo[ABS_MT_SLOT].value;
	} else {
		old = NULL; /* MT protocol A is not filtered */
	}
	if (old) {
		*value = defuzz(*value, *old, d->caps.absinfo[code].fuzz);
		if (*old == *value)
			return IGNORE_EVENT;
		*old = *value;
	}
	if (is_new_slot) {
		d->caps.absinfo[ABS_MT_SLOT].value = d->mt_slot;
		return PASS_TO_HANDLERS | SLOT;
	}
	return PASS_TO_HANDLERS;
}

/* @return true after flipping bit code of state if it differs from value */
static bool
change_state(unsigned long *state, unsigned int code, int value)
{
	if (bit_test(state, code) == !!value)
		return false;
	bit_flip(state, code);
	return true;
}

/* @return what to do with an event (input_get_disposition()); may change *value */
static int
get_disposition(struct device *d, unsigned int type, unsigned int code, int *value)
{
	struct device_caps *caps = &d->caps;

	if (type > EV_MAX || !bit_test(caps->ev, type))
		return IGNORE_EVENT;
	switch (type) {
	case EV_SYN:
		if (code == SYN_REPORT)
			return PASS_TO_HANDLERS | FLUSH;
		if (code == SYN_CONFIG || code == SYN_MT_REPORT)
			return PASS_TO_HANDLERS;
		return IGNORE_EVENT;
	case EV_KEY:
		if (code > KEY_MAX || !bit_test(caps->key, code))
			return IGNORE_EVENT;
		if (*value == 2) /* autorepeat leaves the state alone */
			return PASS_TO_HANDLERS;
		return change_state(d->key_state, code, *value) ? PASS_TO_HANDLERS : IGNORE_EVENT;
	case EV_SW:
		if (code > SW_MAX || !bit_test(caps->sw, code))
			return IGNORE_EVENT;
		return change_state(d->sw_state, code, *value) ? PASS_TO_HANDLERS : IGNORE_EVENT;
	case EV_ABS:
		if (code > ABS_MAX || !bit_test(caps->abs, code))
			return IGNORE_EVENT;
		return handle_abs(d, code, value);
	case EV_REL:
		if (code > REL_MAX || !bit_test(caps->rel, code) || *value == 0)
			return IGNORE_EVENT;
		return PASS_TO_HANDLERS;
	case EV_MSC:
		if (code > MSC_MAX || !bit_test(caps->msc, code))
			return IGNORE_EVENT;
		return PASS_TO_HANDLERS;
	case EV_LED:
		if (code > LED_MAX || !bit_test(caps->led, code))
			return IGNORE_EVENT;
		return change_state(d->led_state, code, *value) ? PASS_TO_HANDLERS : IGNORE_EVENT;
	case EV_SND:
		if (code > SND_MAX || !bit_test(caps->snd, code))
			return IGNORE_EVENT;
		change_state(d->snd_state, code, *value);
		return PASS_TO_HANDLERS;
	case EV_REP:
		if (code > REP_MAX || *value < 0 || caps->rep[code] == *value)
			return IGNORE_EVENT;
		caps->rep[code] = *value;
		return PASS_TO_HANDLERS;
	case EV_FF:
		return *value >= 0 ? PASS_TO_HANDLERS : IGNORE_EVENT;
	case EV_PWR:
		return PASS_TO_HANDLERS;
	default:
		return IGNORE_EVENT;
	}
}

/* @return nothing; stamps the frame and queues it to every receiving client (evdev_events()) */
static void
pass_values(struct device *d, const struct input_value *vals, unsigned int count)
{
	struct timespec now[CLIENT_CLOCK_COUNT];

	clock_gettime(CLOCK_REALTIME, &now[CLIENT_CLOCK_REAL]);
	clock_gettime(CLOCK_MONOTONIC, &now[CLIENT_CLOCK_MONO]);
	clock_gettime(CLOCK_BOOTTIME, &now[CLIENT_CLOCK_BOOT]);
	for (struct client *c = d->clients; c; c = c->next) {
		struct input_event ev;
		bool wakeup = false;

		if (!device_delivers_to(d, c))
			continue;
		ev.time.tv_sec = now[c->clock].tv_sec;
		ev.time.tv_usec = now[c->clock].tv_nsec / 1000;
		for (unsigned int i = 0; i < count; i++) {
			if (vals[i].type == EV_SYN && vals[i].code == SYN_REPORT) {
				/* an empty packet is not worth a wakeup */
				if (c->packet_head == c->head)
					continue;
				wakeup = true;
			}
			ev.type = vals[i].type;
			ev.code = vals[i].code;
			ev.value = vals[i].value;
			client_pass_event(c, &ev);
		}
		if (wakeup)
			client_wakeup(c);
	}
}

void
input_handle_event(struct device *d, unsigned int type, unsigned int code, int value)
{
	int disposition;

	if (!d->present)
		return;
	disposition = get_disposition(d, type, code, &value);
	if (disposition & PASS_TO_HANDLERS) {
		if (disposition & SLOT)
			d->vals[d->num_vals++] =
				(struct input_value){ EV_ABS, ABS_MT_SLOT, d->mt_slot };
		d->vals[d->num_vals++] = (struct input_value){ type, code, value };
	}
	if (disposition & FLUSH) {
		if (d->num_vals >= 2)
			pass_values(d, d->vals, d->num_vals);
		d->num_vals = 0;
	} else if (d->num_vals >= d->max_vals - 2) {
		/* The input core's own SYN_REPORT (input_value_sync) has value 1, so
		 * a reader can tell it from the driver's, which have 0. */
		d->vals[d->num_vals++] = (struct input_value){ EV_SYN, SYN_REPORT, 1 };
		pass_values(d, d->vals, d->num_vals);
		d->num_vals = 0;
	}
}

void
input_force_drop(struct device *d)
{
	if (!d->present)
		return;
	for (struct client *c = d->clients; c; c = c->next) {
		if (!device_delivers_to(d, c))
			continue;
		client_force_drop(c);
		client_wakeup(c);
	}
}

bool
input_has_room(const struct device *d)
{
	/* The next event may add a slot event, itself and a SYN_REPORT to the frame. */
	unsigned int need = d->num_vals + 3;

	for (const struct client *c = d->clients; c; c = c->next) {
		if (!device_delivers_to(d, c))
			continue;
		if (client_queued(c) + need >= c->bufsize)
			return false;
	}
	return true;
}
