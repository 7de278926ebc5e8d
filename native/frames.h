/* frames.h: raw host events into whole frames: SYN_DROPPED recovery, key repeats, burst marking. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <linux/input.h>

#include "virtio_input.h"

/* Longest frame kept whole. Longer runs without SYN_REPORT are cut into
 * frames of this size rather than lost. */
#define FRAMES_MAX_FRAME 1024
/* A frame that follows the previous one by less than this per event came
 * faster than a device reports (a device sends at most 8,000 frames/s, a
 * few events each): it is part of a burst written in one go. */
#define FRAMES_BURST_NS_PER_EVENT 10000

/**
 * Receives each whole frame: n events ending in SYN_REPORT. burst tells
 * whether it came at a device's pace or in a burst.
 */
typedef void (*frames_sink)(void *ctx, const struct virtio_input_event *events, uint32_t n,
			    bool burst);

struct frames {
	struct virtio_input_event building[FRAMES_MAX_FRAME];
	uint32_t building_len;
	bool building_stale;  /* a frame began while input was discarded: skip to its end */
	bool skip_to_report;  /* after SYN_DROPPED: the damaged frame, up to its SYN_REPORT */
	bool state_wanted;    /* after SYN_DROPPED: the device's state must be read */
	bool drop_repeats;    /* the guest repeats keys itself (EV_REP), so host repeats would double */
	int64_t last_frame_ns; /* the host's timestamp of the last whole frame; INT64_MIN: none */

	uint64_t events_discarded, frames_split, repeats_dropped, syn_dropped;
};

/** Starts with no frame under way; drop_repeats as frames.drop_repeats. */
void frames_init(struct frames *f, bool drop_repeats);

/**
 * Takes one raw event from the host device. With keep false (input is not
 * wanted: the event ring does not run) events are discarded, and so is the
 * rest of a frame that began then. A whole, wanted frame goes to sink.
 *
 * SYN_DROPPED (the kernel dropped events) discards the frame under way and
 * the damaged one after it, up to its SYN_REPORT, as the kernel asks of
 * readers; then frames_state_wanted() says that the device's state must be
 * read. Empty frames are dropped, and key repeats (value 2) when
 * drop_repeats is set.
 */
void frames_add(struct frames *f, const struct input_event *ev, bool keep, frames_sink sink,
		void *ctx);

/**
 * Returns whether the device's state should be read now: a SYN_DROPPED was
 * seen, its damage is skipped and no frame is under way, so every event read
 * so far precedes the state and none is left half-read.
 */
bool frames_state_wanted(const struct frames *f);

/** Records that the state was read (or is not needed). */
void frames_state_taken(struct frames *f);
