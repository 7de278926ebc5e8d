/* input_state.c: what an input core holds for one device, and the frame that moves one such state to another. */
#include "input_state.h"

#include <string.h>

/* Returns whether code is a multitouch axis (ABS_MT_TOUCH_MAJOR..ABS_MT_TOOL_Y):
 * per slot on a device with slots; kept nowhere without them. */
static bool
state_is_mt_axis(unsigned int code)
{
	return code >= STATE_MT_FIRST && code < STATE_MT_FIRST + STATE_MT_AXES;
}

void
input_state_init(struct input_state *s)
{
	int slot;

	memset(s, 0, sizeof(*s));
	for (slot = 0; slot < STATE_MAX_SLOTS; slot++)
		s->mt[slot][ABS_MT_TRACKING_ID - STATE_MT_FIRST] = -1;
}

void
input_state_apply(struct input_state *s, const struct input_facts *f, uint16_t type,
		  uint16_t code, int32_t value)
{
	switch (type) {
	case EV_KEY:
		if (code < KEY_CNT && state_bit(f->key, code) && value != 2)
			state_set_bit(s->key, code, value != 0);
		break;
	case EV_SW:
		if (code < SW_CNT && state_bit(f->sw, code))
			state_set_bit(s->sw, code, value != 0);
		break;
	case EV_LED:
		if (code < LED_CNT && state_bit(f->led, code))
			state_set_bit(s->led, code, value != 0);
		break;
	case EV_ABS:
		if (code >= ABS_CNT || !state_bit(f->abs, code))
			break;
		if (code == ABS_MT_SLOT && f->num_slots > 0) {
			/* The input core ignores a slot the device does not have. */
			if (value >= 0 && value < f->num_slots)
				s->slot = value;
		} else if (state_is_mt_axis(code)) {
			/* Without slots the input core passes these on and keeps nothing. */
			if (f->num_slots > 0)
				s->mt[s->slot][code - STATE_MT_FIRST] = value;
		} else {
			s->abs[code] = value;
		}
		break;
	}
}

/* Appends one event to out[*n] if there is room. Returns false if there was none. */
static bool
state_emit(struct virtio_input_event *out, uint32_t max, uint32_t *n, uint16_t type,
	   uint16_t code, int32_t value)
{
	if (*n >= max)
		return false;
	out[(*n)++] = (struct virtio_input_event){ type, code, value };
	return true;
}

/* Emits the bits of one type that differ between from and to, for codes in facts. */
static bool
state_diff_bits(const uint8_t *from, const uint8_t *to, const uint8_t *facts, unsigned int count,
		uint16_t type, struct virtio_input_event *out, uint32_t max, uint32_t *n)
{
	unsigned int code;

	for (code = 0; code < count; code++) {
		bool want = state_bit(to, code);

		if (state_bit(facts, code) && want != state_bit(from, code) &&
		    !state_emit(out, max, n, type, code, want))
			return false;
	}
	return true;
}

/* Emits what makes every slot of from equal to to's, and selects to's slot. */
static bool
state_diff_slots(const struct input_state *from, const struct input_state *to,
		 const struct input_facts *f, struct virtio_input_event *out, uint32_t max,
		 uint32_t *n)
{
	static const int tracking = ABS_MT_TRACKING_ID - STATE_MT_FIRST;
	int32_t selected = from->slot;
	int slot, axis;

	for (slot = 0; slot < f->num_slots; slot++) {
		const int32_t *was = from->mt[slot], *want = to->mt[slot];
		bool selected_here = false;

		for (axis = -1; axis < STATE_MT_AXES; axis++) {
			/* The tracking id first, so a reader sees which contact
			 * the other values belong to. */
			int a = axis < 0 ? tracking : axis;

			if ((axis >= 0 && a == tracking) || was[a] == want[a] ||
			    !state_bit(f->abs, STATE_MT_FIRST + a))
				continue;
			if (!selected_here && selected != slot) {
				if (!state_emit(out, max, n, EV_ABS, ABS_MT_SLOT, slot))
					return false;
				selected = slot;
			}
			selected_here = true;
			if (!state_emit(out, max, n, EV_ABS, STATE_MT_FIRST + a, want[a]))
				return false;
		}
	}
	if (selected != to->slot && !state_emit(out, max, n, EV_ABS, ABS_MT_SLOT, to->slot))
		return false;
	return true;
}

/* Emits the plain absolute axes that differ. */
static bool
state_diff_axes(const struct input_state *from, const struct input_state *to,
		const struct input_facts *f, struct virtio_input_event *out, uint32_t max,
		uint32_t *n)
{
	unsigned int code;

	for (code = 0; code < ABS_CNT; code++) {
		if (!state_bit(f->abs, code) || (code == ABS_MT_SLOT && f->num_slots > 0) ||
		    state_is_mt_axis(code) || from->abs[code] == to->abs[code])
			continue;
		if (!state_emit(out, max, n, EV_ABS, code, to->abs[code]))
			return false;
	}
	return true;
}

uint32_t
input_state_diff(const struct input_state *from, const struct input_state *to,
		 const struct input_facts *f, struct virtio_input_event *out, uint32_t max)
{
	uint32_t n = 0;

	if (f->num_slots > 0 && !state_diff_slots(from, to, f, out, max, &n))
		return 0;
	if (!state_diff_axes(from, to, f, out, max, &n) ||
	    !state_diff_bits(from->key, to->key, f->key, KEY_CNT, EV_KEY, out, max, &n) ||
	    !state_diff_bits(from->sw, to->sw, f->sw, SW_CNT, EV_SW, out, max, &n) ||
	    !state_diff_bits(from->led, to->led, f->led, LED_CNT, EV_LED, out, max, &n))
		return 0;
	if (n == 0 || !state_emit(out, max, &n, EV_SYN, SYN_REPORT, 0))
		return 0;
	return n;
}
