/* backlog.c: one guest's queue of whole frames, the model of what its input core holds, and resyncs. */
#include "backlog.h"

#include <string.h>

/* Drops every entry and the frame under way, leaving the models alone. */
static void
backlog_empty(struct backlog *b)
{
	b->ev_head = b->ev_tail = 0;
	b->en_head = b->en_tail = 0;
	b->current_len = b->current_pos = 0;
	b->current_paid = false;
}

void
backlog_init(struct backlog *b)
{
	backlog_empty(b);
	b->model_valid = false;
	b->resync_due = false;
}

void
backlog_begin(struct backlog *b)
{
	backlog_empty(b);
	input_state_init(&b->guest);
	b->stream = b->guest;
	b->model_valid = true;
	b->resync_due = false;
}

void
backlog_stop(struct backlog *b)
{
	backlog_empty(b);
	b->stream = b->guest;
	b->resync_due = false;
}

/* Returns the number of free event slots. */
static uint32_t
backlog_free_events(const struct backlog *b)
{
	return BACKLOG_EVENTS - (b->ev_tail - b->ev_head);
}

/* Takes the oldest entry off the queue into current (if keep), applying it
 * to the stream model. Returns false if the queue was empty. */
static bool
backlog_take_oldest(struct backlog *b, const struct input_facts *f, bool keep)
{
	struct backlog_entry *entry;
	uint32_t i;

	if (b->en_head == b->en_tail)
		return false;
	entry = &b->entries[b->en_head++ & (BACKLOG_ENTRIES - 1)];
	if (entry->state) {
		if (entry->gen == b->target_gen) {
			b->stream = b->target;
			b->resync_due = true;
		}
		return true;
	}
	for (i = 0; i < entry->len; i++) {
		const struct virtio_input_event *e = &b->events[b->ev_head++ & (BACKLOG_EVENTS - 1)];

		input_state_apply(&b->stream, f, e->type, e->code, e->value);
		if (keep)
			b->current[i] = *e;
	}
	if (keep) {
		b->current_len = entry->len;
		b->current_pos = 0;
		b->current_burst = entry->burst;
		b->current_paid = false;
	}
	return true;
}

/* Drops the oldest entry for room; the guest then needs a resync. */
static void
backlog_drop_oldest(struct backlog *b, const struct input_facts *f)
{
	if (backlog_take_oldest(b, f, false)) {
		b->frames_dropped++;
		b->resync_due = true;
	}
}

/* Returns a new entry at the tail, dropping the oldest one if all are taken. */
static struct backlog_entry *
backlog_new_entry(struct backlog *b, const struct input_facts *f)
{
	if (b->en_tail - b->en_head == BACKLOG_ENTRIES)
		backlog_drop_oldest(b, f);
	return &b->entries[b->en_tail++ & (BACKLOG_ENTRIES - 1)];
}

void
backlog_add_frame(struct backlog *b, const struct input_facts *f,
		  const struct virtio_input_event *events, uint32_t n, bool burst)
{
	struct backlog_entry *entry;
	uint32_t i;

	if (n == 0 || n > FRAMES_MAX_FRAME)
		return;
	while (backlog_free_events(b) < n)
		backlog_drop_oldest(b, f);
	entry = backlog_new_entry(b, f);
	*entry = (struct backlog_entry){ .len = n, .burst = burst };
	for (i = 0; i < n; i++)
		b->events[b->ev_tail++ & (BACKLOG_EVENTS - 1)] = events[i];
}

void
backlog_add_state(struct backlog *b, const struct input_facts *f,
		  const struct input_state *state)
{
	struct backlog_entry *entry = backlog_new_entry(b, f);

	b->target = *state;
	b->target_gen++;
	*entry = (struct backlog_entry){ .gen = b->target_gen, .state = true };
}

bool
backlog_nearly_full(const struct backlog *b)
{
	return backlog_free_events(b) < BACKLOG_HEADROOM;
}

bool
backlog_next(struct backlog *b, const struct input_facts *f)
{
	if (b->current_pos < b->current_len)
		return true;
	for (;;) {
		if (b->resync_due) {
			b->resync_due = false;
			b->current_len = input_state_diff(&b->guest, &b->stream, f, b->current,
							  BACKLOG_CURRENT_MAX);
			b->current_pos = 0;
			b->current_burst = true;
			b->current_paid = false;
			if (b->current_len) {
				b->resyncs++;
				return true;
			}
		}
		if (!backlog_take_oldest(b, f, true))
			return false;
		if (b->current_pos < b->current_len)
			return true; /* a frame; a device state made a resync due instead */
	}
}

void
backlog_consume(struct backlog *b, const struct input_facts *f)
{
	const struct virtio_input_event *e;

	if (b->current_pos >= b->current_len)
		return;
	e = &b->current[b->current_pos++];
	input_state_apply(&b->guest, f, e->type, e->code, e->value);
}
