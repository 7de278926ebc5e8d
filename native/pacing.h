/* pacing.h: how fast frames of a burst may go to a guest, so its evdev reader keeps up. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/*
 * A token bucket in time units: each event of a burst costs 1/rate seconds
 * of credit; credit accrues with time, up to a budget of that many events.
 * A frame may start while credit is positive, and may leave it negative.
 */
struct pacing {
	int64_t ns_per_event; /* 0: unlimited */
	int64_t max_credit_ns;
	int64_t credit_ns;
	int64_t last_ns;
	bool waiting;          /* the last frame asked about had to wait */
	uint64_t frames_paced; /* frames that had to wait */
};

/** Sets the rate (events per second, 0 for unlimited) and the budget of events that may go at once. */
void pacing_init(struct pacing *p, uint32_t events_per_second, uint32_t budget);

/**
 * Asks whether a burst frame of len events may start at now_ns, and charges
 * it if so.
 *
 * @return 0 if it may (it is charged), else the nanoseconds until it may.
 */
int64_t pacing_take(struct pacing *p, uint32_t len, int64_t now_ns);
