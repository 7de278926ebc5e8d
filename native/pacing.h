/* pacing.h: how fast frames may go to a guest when they come in a burst, so its evdev reader keeps up. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* A frame that comes at a device's pace earns bursts this many times its
 * length in credit: the guest reads the device's own pace anyway, so a burst
 * amid it (a stalled host handing over several frames at once) may go a few
 * times faster, and is not held up behind the pace of an idle device. */
#define PACING_EARN_FACTOR 4
/* A guest that takes no event for this long while input waits has stalled
 * (its vCPU did not run); what waited then comes out paced, like a burst. */
#define PACING_STALL_NS (50 * 1000 * 1000LL)

/*
 * A token bucket in time units: each paced event costs 1/rate seconds of
 * credit; credit accrues with time, and with every frame that comes at a
 * device's pace, up to a budget of that many events. A frame may start while
 * credit is positive, and may leave it negative.
 *
 * Frames of a burst (written faster than a device reports) are paced. So is
 * everything queued while the guest stalled, until the queue empties, unless
 * the host outruns the pace: then the guest could not keep up anyway, and
 * pacing would only hold input back.
 */
struct pacing {
	int64_t ns_per_event; /* 0: unlimited */
	int64_t max_credit_ns;
	int64_t credit_ns;
	int64_t last_ns;
	bool waiting;              /* the last frame asked about had to wait */
	int64_t starved_since_ns;  /* since when frames wait for guest buffers, or 0 */
	bool catching_up;          /* after a stall: every frame is paced */
	uint32_t catch_up_queued;  /* events queued when catching up began */
	uint64_t frames_paced, guest_stalls;
};

/** Sets the rate (events per second, 0 for unlimited) and the budget of events that may go at once. */
void pacing_init(struct pacing *p, uint32_t events_per_second, uint32_t budget);

/** Returns whether a frame must be paced: one of a burst, or any while catching up after a stall. */
static inline bool
pacing_applies(const struct pacing *p, bool burst)
{
	return p->ns_per_event && (burst || p->catching_up);
}

/**
 * Asks whether a paced frame of len events may start at now_ns, and charges
 * it if so.
 *
 * @return 0 if it may (it is charged), else the nanoseconds until it may.
 */
int64_t pacing_take(struct pacing *p, uint32_t len, int64_t now_ns);

/** Credits a frame of len events that came at a device's pace. */
void pacing_earn(struct pacing *p, uint32_t len);

/** Records that a frame waits because the guest has no buffer, at now_ns. */
void pacing_starved(struct pacing *p, int64_t now_ns);

/**
 * Records that the guest took an event at now_ns, with queued events still
 * waiting behind the frame under way: after a stall, catching up begins.
 */
void pacing_delivered(struct pacing *p, int64_t now_ns, uint32_t queued);

/**
 * Records how many events wait now (after one was queued, or 0 when nothing
 * is left): catching up ends when nothing is left or more wait than when it
 * began.
 */
void pacing_queued(struct pacing *p, uint32_t queued);
