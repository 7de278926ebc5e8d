/* backlog.h: one guest's queue of whole frames, the model of what its input core holds, and resyncs. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "frames.h"
#include "input_state.h"
#include "virtio_input.h"

/* Events the queue holds; at 8 bytes each, 32 KiB per guest. */
#define BACKLOG_EVENTS 4096
/* Entries (frames and device states) the queue holds: a frame has two
 * events or more, so events run out first. */
#define BACKLOG_ENTRIES 2048
/* Room kept free before reading pauses: more than one read batch. */
#define BACKLOG_HEADROOM 512
/* The frame being delivered: a host frame or a resync frame. */
#define BACKLOG_CURRENT_MAX (STATE_DIFF_MAX > FRAMES_MAX_FRAME ? STATE_DIFF_MAX : FRAMES_MAX_FRAME)

_Static_assert((BACKLOG_EVENTS & (BACKLOG_EVENTS - 1)) == 0, "a power of two");
_Static_assert((BACKLOG_ENTRIES & (BACKLOG_ENTRIES - 1)) == 0, "a power of two");
_Static_assert(FRAMES_MAX_FRAME + BACKLOG_HEADROOM < BACKLOG_EVENTS, "a frame fits beside the headroom");

/* A queued frame, or (len 0, state set) a point where the guest must be
 * brought to the device state stored with generation gen. */
struct backlog_entry {
	uint32_t len;
	uint32_t gen;
	bool burst;
	bool state;
};

/*
 * Two models of the guest's input core: guest, from what was delivered, and
 * stream, from every entry that left the queue, delivered or dropped. They
 * differ only after a drop or a device state; the frame between them is the
 * resync, built when it is due, so it always starts from what the guest
 * really holds.
 */
struct backlog {
	struct virtio_input_event events[BACKLOG_EVENTS];
	uint32_t ev_head, ev_tail; /* run free; masked on use */
	struct backlog_entry entries[BACKLOG_ENTRIES];
	uint32_t en_head, en_tail;

	struct virtio_input_event current[BACKLOG_CURRENT_MAX];
	uint32_t current_len, current_pos;
	bool current_burst; /* paced as a burst */
	bool current_paid;  /* its pace was settled */

	bool model_valid; /* the guest's input core was reset and has had only what we delivered since */
	struct input_state guest, stream;
	struct input_state target; /* the device state of the newest state entry */
	uint32_t target_gen;
	bool resync_due; /* stream differs from guest beyond the frame under way */

	uint64_t frames_dropped, resyncs;
};

/** Empties the queue and marks the model unknown, as before a guest driver starts. */
void backlog_init(struct backlog *b);

/** Starts the model from a freshly probed guest device: nothing down, nothing pending. */
void backlog_begin(struct backlog *b);

/**
 * Drops everything queued and the frame under way, as when the event ring
 * stops; the model stays, since the guest keeps what it was given.
 */
void backlog_stop(struct backlog *b);

/** Queues a whole frame (n events ending in SYN_REPORT), dropping the oldest entries for room. */
void backlog_add_frame(struct backlog *b, const struct input_facts *f,
		       const struct virtio_input_event *events, uint32_t n, bool burst);

/**
 * Queues a point where the guest is brought to state (the device's state,
 * read after everything queued before). An earlier device state still queued
 * is superseded.
 */
void backlog_add_state(struct backlog *b, const struct input_facts *f,
		       const struct input_state *state);

/** Returns the number of events queued, not counting the frame under way. */
static inline uint32_t
backlog_queued(const struct backlog *b)
{
	return b->ev_tail - b->ev_head;
}

/** Returns true when the queue has less room than BACKLOG_HEADROOM events. */
bool backlog_nearly_full(const struct backlog *b);

/**
 * Makes sure a frame is under way: the rest of the current one, else the
 * resync that is due, else the next queued frame.
 *
 * @return true if there is an event to deliver (see b->current), false if
 * nothing is left.
 */
bool backlog_next(struct backlog *b, const struct input_facts *f);

/** Returns the next event of the frame under way; only after backlog_next() returned true. */
static inline const struct virtio_input_event *
backlog_peek(const struct backlog *b)
{
	return &b->current[b->current_pos];
}

/** Marks the event from backlog_peek() as delivered, applying it to the guest's model. */
void backlog_consume(struct backlog *b, const struct input_facts *f);
