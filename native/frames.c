/* frames.c: whole input frames between evdev and the event ring: bounded backlog, key tracking, resync. */
#include "frames.h"

#include <string.h>

/* Records a key event's effect in a key bitmap (a repeat, value 2, keeps it down). */
static void
keys_apply(uint8_t *keys, const struct virtio_input_event *e)
{
	if (e->type != EV_KEY || e->code > KEY_MAX)
		return;
	if (e->value)
		keys[e->code / 8] |= 1u << (e->code % 8);
	else
		keys[e->code / 8] &= ~(1u << (e->code % 8));
}

/* Returns whether key code is down in keys. */
static bool
keys_down(const uint8_t *keys, unsigned int code)
{
	return keys[code / 8] & (1u << (code % 8));
}

/* Clears all frame and key state, keeping counters. */
static void
frames_clear(struct frames *f)
{
	f->building_len = 0;
	f->head = f->tail = 0;
	f->current_len = f->current_pos = 0;
	memset(f->guest_keys, 0, sizeof(f->guest_keys));
	memset(f->stream_keys, 0, sizeof(f->stream_keys));
	f->need_resync = false;
}

void
frames_stop(struct frames *f)
{
	f->accepting = false;
	frames_clear(f);
}

void
frames_start(struct frames *f)
{
	frames_clear(f);
	f->accepting = true;
	f->skip_frame = f->mid_frame;
}

/* Returns the number of free event slots in the backlog. */
static uint32_t
frames_free(const struct frames *f)
{
	return FRAMES_BACKLOG - (f->tail - f->head);
}

/* Removes the oldest whole frame from the backlog into out (if not NULL),
 * applying its keys to the stream state. Returns its length. */
static uint32_t
frames_take_oldest(struct frames *f, struct virtio_input_event *out)
{
	uint32_t n = 0;

	while (f->head != f->tail) {
		const struct virtio_input_event *e = &f->backlog[f->head++ & (FRAMES_BACKLOG - 1)];

		keys_apply(f->stream_keys, e);
		if (out)
			out[n] = *e;
		n++;
		if (e->type == EV_SYN && e->code == SYN_REPORT)
			break;
	}
	return n;
}

/* Moves the assembled frame into the backlog, dropping old frames for room. */
static void
frames_commit(struct frames *f)
{
	uint32_t i;

	while (frames_free(f) < f->building_len) {
		frames_take_oldest(f, NULL);
		f->frames_dropped++;
		f->need_resync = true;
	}
	for (i = 0; i < f->building_len; i++)
		f->backlog[f->tail++ & (FRAMES_BACKLOG - 1)] = f->building[i];
	f->building_len = 0;
}

bool
frames_add(struct frames *f, uint16_t type, uint16_t code, int32_t value)
{
	bool report = type == EV_SYN && code == SYN_REPORT;

	f->mid_frame = !report;
	if (!f->accepting) {
		f->events_discarded++;
		return false;
	}
	if (f->skip_frame) {
		f->events_discarded++;
		if (report)
			f->skip_frame = false;
		return false;
	}
	if (type == EV_KEY && value == 2 && f->drop_repeats) {
		f->repeats_dropped++;
		return false;
	}
	if (report && f->building_len == 0)
		return false; /* nothing happened: the kernel drops these too */
	if (!report && f->building_len == FRAMES_MAX_FRAME - 1) {
		/* Cut an endless frame rather than lose it. */
		f->building[f->building_len++] =
			(struct virtio_input_event){ EV_SYN, SYN_REPORT, 0 };
		frames_commit(f);
		f->frames_split++;
	}
	f->building[f->building_len++] = (struct virtio_input_event){ type, code, value };
	if (!report)
		return false;
	frames_commit(f);
	return true;
}

bool
frames_nearly_full(const struct frames *f)
{
	return frames_free(f) < FRAMES_HEADROOM;
}

void
frames_drop_partial(struct frames *f)
{
	if (f->building_len)
		f->events_discarded += f->building_len;
	f->building_len = 0;
	f->mid_frame = false;
}

/* Fills current with a frame that brings the guest's keys to the stream's.
 * Returns its length (0 if they already agree). */
static uint32_t
frames_build_resync(struct frames *f)
{
	uint32_t n = 0;
	unsigned int code;

	for (code = 0; code <= KEY_MAX; code++) {
		bool want = keys_down(f->stream_keys, code);

		if (want != keys_down(f->guest_keys, code))
			f->current[n++] = (struct virtio_input_event){ EV_KEY, code, want };
	}
	if (n == 0)
		return 0;
	f->current[n++] = (struct virtio_input_event){ EV_SYN, SYN_REPORT, 0 };
	return n;
}

const struct virtio_input_event *
frames_peek(struct frames *f)
{
	if (f->current_pos < f->current_len)
		return &f->current[f->current_pos];

	f->current_pos = 0;
	f->current_len = 0;
	if (f->need_resync) {
		f->need_resync = false;
		f->current_len = frames_build_resync(f);
		if (f->current_len) {
			f->resyncs++;
			return &f->current[0];
		}
	}
	if (f->head == f->tail)
		return NULL;
	f->current_len = frames_take_oldest(f, f->current);
	return &f->current[0];
}

void
frames_consume(struct frames *f)
{
	if (f->current_pos >= f->current_len)
		return;
	keys_apply(f->guest_keys, &f->current[f->current_pos]);
	f->current_pos++;
}
