/* frames.h: whole input frames between evdev and the event ring: bounded backlog, key tracking, resync. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <linux/input.h>

#include "virtio_input.h"

/* Events the backlog holds; at 8 bytes each, 32 KiB per device. */
#define FRAMES_BACKLOG 4096
/* Longest frame kept whole. Longer runs without SYN_REPORT are cut into
 * frames of this size rather than lost. It also fits a full key resync. */
#define FRAMES_MAX_FRAME 1024
#define FRAMES_KEY_BYTES ((KEY_MAX + 1 + 7) / 8)
/* Room kept free before reading pauses: more than one read batch. */
#define FRAMES_HEADROOM 512

_Static_assert(FRAMES_MAX_FRAME > KEY_MAX + 1, "a resync frame fits in one frame");
_Static_assert((FRAMES_BACKLOG & (FRAMES_BACKLOG - 1)) == 0, "backlog size is a power of two");

struct frames {
	bool accepting;  /* the event ring runs: keep frames instead of discarding them */
	bool mid_frame;  /* the last event seen was not SYN_REPORT */
	bool skip_frame; /* drop events up to the next SYN_REPORT: the frame began before we accepted */
	bool drop_repeats; /* the guest repeats keys itself (EV_REP), so host repeats would double */

	/* The frame being assembled. */
	struct virtio_input_event building[FRAMES_MAX_FRAME];
	uint32_t building_len;

	/* Whole frames waiting for guest buffers; indices run free. */
	struct virtio_input_event backlog[FRAMES_BACKLOG];
	uint32_t head, tail;

	/* The frame being delivered, taken whole from the backlog. */
	struct virtio_input_event current[FRAMES_MAX_FRAME];
	uint32_t current_len, current_pos;

	/* Key state as the guest has received it, and as the stream stands
	 * after every frame that left the backlog (delivered or dropped). They
	 * differ only after drops; the resync frame is their difference. */
	uint8_t guest_keys[FRAMES_KEY_BYTES];
	uint8_t stream_keys[FRAMES_KEY_BYTES];
	bool need_resync;

	uint64_t frames_dropped, frames_split, resyncs, events_discarded, repeats_dropped;
};

/** Empties everything and stops accepting: input is discarded until frames_start(). */
void frames_stop(struct frames *f);

/**
 * Starts accepting input for a freshly running event ring: the guest has no
 * keys down, and a frame already under way is dropped, since its start was
 * discarded.
 */
void frames_start(struct frames *f);

/**
 * Adds one event from the host device. A SYN_REPORT completes the frame and
 * queues it whole; if the backlog is full, the oldest whole frames are
 * dropped to make room, and a resync is scheduled. Empty frames are dropped,
 * and so are key repeats (value 2) when drop_repeats is set.
 *
 * @return true if a frame was queued.
 */
bool frames_add(struct frames *f, uint16_t type, uint16_t code, int32_t value);

/**
 * Returns true when the backlog has less room than FRAMES_HEADROOM events:
 * time to stop reading the host device and let the guest catch up.
 */
bool frames_nearly_full(const struct frames *f);

/** Forgets the frame being assembled, as after SYN_DROPPED. */
void frames_drop_partial(struct frames *f);

/**
 * Returns the next event to deliver, or NULL if there is none. The event
 * stays next until frames_consume().
 */
const struct virtio_input_event *frames_peek(struct frames *f);

/** Marks the event from frames_peek() as delivered to the guest. */
void frames_consume(struct frames *f);
