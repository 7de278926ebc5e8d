/* input_source.h: the seam in front of a host input device: raw events, facts, state, status writes. */
#pragma once

#include <stdint.h>
#include <linux/input.h>

#include "input_state.h"

struct input_source;

/* What a kind of host device does. Every function returns 0 (or a count) or -errno. */
struct input_source_ops {
	/**
	 * Reads up to max events, exactly as the device gives them (struct
	 * input_event, SYN_DROPPED included), without blocking.
	 *
	 * @return the number read (> 0), -EAGAIN if none is waiting, -ENODEV if
	 * the device is gone, or another -errno.
	 */
	int (*read)(struct input_source *src, struct input_event *events, int max);
	/**
	 * Fills *state with the device's current state. On an evdev device this
	 * also removes queued key, switch and LED events from the read queue, as
	 * the state includes them.
	 *
	 * @return 0, or -errno (-ENODEV if the device is gone).
	 */
	int (*snapshot)(struct input_source *src, struct input_state *state);
	/**
	 * Writes a status event from the guest: EV_LED or EV_SND.
	 *
	 * @return 0; -EINVAL for a code the device lacks; -ENOTSUP for another
	 * type; or -errno from the write.
	 */
	int (*write_status)(struct input_source *src, uint16_t type, uint16_t code, int32_t value);
	/** Releases everything the source holds, and the source itself. */
	void (*close)(struct input_source *src);
};

/* A host input device behind the seam. Implementations embed it first. */
struct input_source {
	const struct input_source_ops *ops;
	int fd;                   /* readable when events wait; hang-up or error when gone */
	bool has_repeat;          /* EV_REP: the guest repeats held keys itself */
	struct input_facts facts; /* the codes the device has */
};

/** Returns src->ops->read(). */
static inline int
input_source_read(struct input_source *src, struct input_event *events, int max)
{
	return src->ops->read(src, events, max);
}

/** Returns src->ops->snapshot(). */
static inline int
input_source_snapshot(struct input_source *src, struct input_state *state)
{
	return src->ops->snapshot(src, state);
}

/** Returns src->ops->write_status(). */
static inline int
input_source_write_status(struct input_source *src, uint16_t type, uint16_t code, int32_t value)
{
	return src->ops->write_status(src, type, code, value);
}

/** Closes src; accepts NULL. */
static inline void
input_source_close(struct input_source *src)
{
	if (src)
		src->ops->close(src);
}
