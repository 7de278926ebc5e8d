/* fake_source.h: an input source for C tests: queued raw events, read in batches, a settable state. */
#pragma once

#include <stdbool.h>

#include "input_source.h"

#define FAKE_SOURCE_QUEUE 8192

struct fake_source {
	struct input_source source; /* first, as the seam wants */
	struct input_event queue[FAKE_SOURCE_QUEUE];
	int head, tail;
	int read_limit;           /* events per read at most (the rest is signalled again); 0: no limit */
	struct input_state state; /* what a snapshot returns */
	int snapshots;            /* snapshots taken */
	bool gone;                /* reads and snapshots fail with ENODEV */
	struct virtio_input_event writes[64];
	int nwrites;
	int64_t clock_ns; /* the timestamp of the next event pushed */
};

/**
 * Creates a source with keys KEY_ESC..KEY_MICMUTE and BTN_TOUCH, SW_LID and
 * SW_TABLET_MODE, LED_NUML and LED_CAPSL, ABS_X and ABS_Y, and 4 multitouch
 * slots with ABS_MT_SLOT, ABS_MT_TRACKING_ID and ABS_MT_POSITION_X/Y. Its fd
 * is an eventfd that becomes readable whenever events are pushed.
 *
 * @return the source (free with input_source_close()), or NULL.
 */
struct fake_source *fake_source_new(void);

/** Queues one event, stamped with clock_ns, and signals the fd. */
void fake_source_push(struct fake_source *s, uint16_t type, uint16_t code, int32_t value);

/** Advances the clock that stamps pushed events. */
void fake_source_tick(struct fake_source *s, int64_t ns);
