/* frame_check.h: comparing a frame of events with the one a test expects, and printing both when they differ. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "virtio_input.h"

/* Shorthand for one expected event. */
#define EV(t, c, v) ((struct virtio_input_event){ (t), (c), (v) })

/* Prints a frame, one event per line, to stderr. */
static inline void
frame_print(const char *what, const struct virtio_input_event *events, uint32_t n)
{
	uint32_t i;

	fprintf(stderr, "  %s (%u events):\n", what, n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "    %u: type %u code %u value %d\n", i, events[i].type,
			events[i].code, events[i].value);
}

/*
 * Returns whether got (n events) is exactly want (count events); prints both
 * when not, so a failed CHECK(frame_is(...)) shows the difference.
 */
static inline bool
frame_is(const struct virtio_input_event *got, uint32_t n, const struct virtio_input_event *want,
	 uint32_t count)
{
	uint32_t i;
	bool same = n == count;

	for (i = 0; same && i < n; i++)
		same = got[i].type == want[i].type && got[i].code == want[i].code &&
		       got[i].value == want[i].value;
	if (!same) {
		frame_print("got", got, n);
		frame_print("wanted", want, count);
	}
	return same;
}

/* Calls frame_is() with the length of an array of expected events. */
#define FRAME_IS(got, n, ...)                                                             \
	frame_is((got), (n), (const struct virtio_input_event[]){ __VA_ARGS__ },          \
		 sizeof((const struct virtio_input_event[]){ __VA_ARGS__ }) /                 \
			 sizeof(struct virtio_input_event))
