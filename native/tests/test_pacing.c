/* test_pacing.c: the token bucket that spaces the frames of a burst so a guest's evdev reader keeps up. */
#include "check.h"
#include "frames.h"
#include "pacing.h"

#define MS 1000000LL
/* A monotonic clock reading well past zero, as CLOCK_MONOTONIC gives after boot. */
#define T0 (3600 * 1000 * MS)

static struct pacing p;

/* Returns |a - b|. */
static int64_t
distance(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

static void
test_rate_zero_is_unlimited(void)
{
	int i;
	bool all_went = true;

	pacing_init(&p, 0, 32);
	for (i = 0; i < 10000; i++)
		all_went = all_went && pacing_take(&p, FRAMES_MAX_FRAME, T0) == 0;
	CHECK(all_went);
	CHECK_EQ(p.frames_paced, 0);
}

static void
test_a_budget_of_events_goes_at_once_then_each_frame_waits_for_the_last_ones_share(void)
{
	int64_t now = T0, wait;
	int i;

	/* 1000 events/s: 1 ms an event; 8 events at once. */
	pacing_init(&p, 1000, 8);
	for (i = 0; i < 4; i++)
		CHECK_EQ(pacing_take(&p, 2, now), 0);
	/* The budget is spent: the next frame goes once credit is positive again. */
	wait = pacing_take(&p, 2, now);
	CHECK(wait > 0 && wait <= 1);
	now += wait;
	CHECK_EQ(pacing_take(&p, 2, now), 0);
	/* From here each frame waits for the one before it: 2 events, 2 ms. */
	for (i = 0; i < 5; i++) {
		wait = pacing_take(&p, 2, now);
		CHECK(distance(wait, 2 * MS) <= 1);
		CHECK(pacing_take(&p, 2, now + wait - 1) > 0); /* not a nanosecond early */
		now += wait;
		CHECK_EQ(pacing_take(&p, 2, now), 0);
	}
}

static void
test_a_frame_may_overdraw_the_credit_and_the_next_one_waits_for_it(void)
{
	int64_t wait;

	pacing_init(&p, 1000, 8);
	CHECK_EQ(pacing_take(&p, 5, T0), 0);
	CHECK_EQ(pacing_take(&p, 5, T0), 0); /* 3 events of credit left: it goes, 2 in debt */
	wait = pacing_take(&p, 1, T0);
	CHECK(distance(wait, 2 * MS) <= 1);
}

static void
test_the_wait_matches_the_rate_within_rounding(void)
{
	static const uint32_t rates[] = { 1, 3, 7, 999, 1000, 30000, 1000000 };
	unsigned int i;

	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		const uint32_t len = 10;
		const int64_t exact = len * 1000000000LL / rates[i];
		int64_t wait;

		pacing_init(&p, rates[i], 1);
		CHECK_EQ(pacing_take(&p, 1, T0), 0); /* the budget, spent exactly */
		CHECK_EQ(pacing_take(&p, len, T0 + 1), 0);
		wait = pacing_take(&p, 1, T0 + 1);
		/* The time per event rounds up: at most 1 ns more per event. */
		if (wait < exact || wait > exact + len) {
			fprintf(stderr, "  rate %u: waited %lld ns for %lld\n", rates[i],
				(long long)wait, (long long)exact);
			CHECK(!"wait off the rate");
		}
	}
}

static void
test_credit_accrues_with_time_up_to_the_budget_only(void)
{
	int64_t now = T0, wait;
	int i;

	pacing_init(&p, 1000, 4);
	CHECK_EQ(pacing_take(&p, 4, now), 0);
	/* 1 ms later: one event of credit, so a frame goes and leaves a debt. */
	now += MS;
	CHECK_EQ(pacing_take(&p, 3, now), 0);
	wait = pacing_take(&p, 1, now);
	CHECK(distance(wait, 2 * MS) <= 1);

	/* A minute idle earns no more than the budget: 4 events, then a wait. */
	now += 60000 * MS;
	for (i = 0; i < 4; i++)
		CHECK_EQ(pacing_take(&p, 1, now), 0);
	wait = pacing_take(&p, 1, now);
	CHECK(wait > 0 && wait <= 1);
	CHECK(p.credit_ns <= p.max_credit_ns);
}

static void
test_a_waiting_frame_is_counted_once_however_often_it_asks(void)
{
	int64_t now = T0, wait;
	int i;

	pacing_init(&p, 1000, 2);
	CHECK_EQ(pacing_take(&p, 4, now), 0);
	CHECK_EQ(p.frames_paced, 0);
	for (i = 0; i < 5; i++) {
		wait = pacing_take(&p, 2, now);
		CHECK(wait > 0);
		now += wait / 3; /* woken early, asks again */
	}
	CHECK_EQ(p.frames_paced, 1);
	now += pacing_take(&p, 2, now);
	CHECK_EQ(pacing_take(&p, 2, now), 0);
	CHECK_EQ(p.frames_paced, 1);
	CHECK(pacing_take(&p, 2, now) > 0); /* the next frame waits: counted too */
	CHECK(pacing_take(&p, 2, now) > 0);
	CHECK_EQ(p.frames_paced, 2);
}

static void
test_a_short_wait_for_buffers_is_no_stall(void)
{
	pacing_init(&p, 1000, 32);
	pacing_starved(&p, T0);
	pacing_starved(&p, T0 + 5 * MS); /* still the same wait */
	pacing_delivered(&p, T0 + PACING_STALL_NS - 1, 100);
	CHECK(!p.catching_up);
	CHECK(!pacing_applies(&p, false));
	CHECK(pacing_applies(&p, true));
	CHECK_EQ(p.guest_stalls, 0);
}

static void
test_what_waited_through_a_stall_is_paced_until_the_queue_empties(void)
{
	pacing_init(&p, 1000, 32);
	pacing_starved(&p, T0);
	pacing_delivered(&p, T0 + PACING_STALL_NS, 100);
	CHECK(p.catching_up);
	CHECK(pacing_applies(&p, false));
	CHECK_EQ(p.guest_stalls, 1);
	pacing_delivered(&p, T0 + PACING_STALL_NS + MS, 99);
	pacing_queued(&p, 60); /* typing goes on, slower than the pace */
	CHECK(p.catching_up);
	pacing_queued(&p, 0);
	CHECK(!p.catching_up);
	CHECK(!pacing_applies(&p, false));
}

static void
test_catching_up_ends_when_the_host_outruns_the_pace(void)
{
	pacing_init(&p, 1000, 32);
	pacing_starved(&p, T0);
	pacing_delivered(&p, T0 + 2 * PACING_STALL_NS, 300);
	CHECK(p.catching_up);
	pacing_queued(&p, 301);
	CHECK(!p.catching_up);
}

static void
test_unlimited_pacing_never_catches_up(void)
{
	pacing_init(&p, 0, 32);
	pacing_starved(&p, T0);
	pacing_delivered(&p, T0 + 2 * PACING_STALL_NS, 300);
	CHECK(!p.catching_up);
	CHECK(!pacing_applies(&p, true));
}

static void
test_frames_at_a_device_pace_earn_bursts_credit_up_to_the_budget(void)
{
	int64_t now = T0;

	/* 1000 events/s, 8 at once: spend it all. */
	pacing_init(&p, 1000, 8);
	CHECK_EQ(pacing_take(&p, 8, now), 0);
	CHECK(pacing_take(&p, 2, now) > 0);
	/* A 3-event frame at a device's pace earns 4 times its length. */
	pacing_earn(&p, 3);
	CHECK_EQ(p.credit_ns, 8 * MS);
	CHECK_EQ(pacing_take(&p, 2, now), 0);
	pacing_earn(&p, 100);
	CHECK_EQ(p.credit_ns, 8 * MS); /* never beyond the budget */
	pacing_init(&p, 0, 8);
	pacing_earn(&p, 3);
	CHECK_EQ(pacing_take(&p, 1000, now), 0);
}

int
main(void)
{
	RUN(test_rate_zero_is_unlimited);
	RUN(test_a_budget_of_events_goes_at_once_then_each_frame_waits_for_the_last_ones_share);
	RUN(test_a_frame_may_overdraw_the_credit_and_the_next_one_waits_for_it);
	RUN(test_the_wait_matches_the_rate_within_rounding);
	RUN(test_credit_accrues_with_time_up_to_the_budget_only);
	RUN(test_a_waiting_frame_is_counted_once_however_often_it_asks);
	RUN(test_a_short_wait_for_buffers_is_no_stall);
	RUN(test_what_waited_through_a_stall_is_paced_until_the_queue_empties);
	RUN(test_catching_up_ends_when_the_host_outruns_the_pace);
	RUN(test_unlimited_pacing_never_catches_up);
	RUN(test_frames_at_a_device_pace_earn_bursts_credit_up_to_the_budget);
	return check_result();
}
