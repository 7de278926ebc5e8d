/* test_frames.c: raw host events into whole frames: discarding, SYN_DROPPED recovery, repeats, cutting and burst marking. */
#include <string.h>

#include "check.h"
#include "frame_check.h"
#include "frames.h"

/* What the sink was given: every frame's events back to back. */
#define SEEN_EVENTS (4 * FRAMES_MAX_FRAME)
#define SEEN_FRAMES 64

struct seen {
	struct virtio_input_event events[SEEN_EVENTS];
	uint32_t n_events;
	uint32_t start[SEEN_FRAMES]; /* index of each frame's first event */
	uint32_t len[SEEN_FRAMES];
	bool burst[SEEN_FRAMES];
	uint32_t n_frames;
};

static struct frames f;
static struct seen seen;
static int64_t now_us; /* the host timestamp given to the next event */

/* frames_sink: records a frame; checks it is whole. */
static void
record(void *ctx, const struct virtio_input_event *events, uint32_t n, bool burst)
{
	struct seen *s = ctx;

	CHECK(n >= 1 && n <= FRAMES_MAX_FRAME);
	CHECK(n >= 1 && events[n - 1].type == EV_SYN && events[n - 1].code == SYN_REPORT);
	if (s->n_frames >= SEEN_FRAMES || s->n_events + n > SEEN_EVENTS) {
		CHECK(!"more frames than a test expects");
		return;
	}
	s->start[s->n_frames] = s->n_events;
	s->len[s->n_frames] = n;
	s->burst[s->n_frames] = burst;
	s->n_frames++;
	memcpy(&s->events[s->n_events], events, n * sizeof(*events));
	s->n_events += n;
}

/* Starts each test with fresh frames, nothing seen, and the clock at 1 s. */
static void
fresh(bool drop_repeats)
{
	frames_init(&f, drop_repeats);
	memset(&seen, 0, sizeof(seen));
	now_us = 1000000;
}

/* Adds one event stamped now_us, kept if keep. */
static void
add_kept(bool keep, uint16_t type, uint16_t code, int32_t value)
{
	struct input_event ev = { .type = type, .code = code, .value = value };

	ev.input_event_sec = now_us / 1000000;
	ev.input_event_usec = now_us % 1000000;
	frames_add(&f, &ev, keep, record, &seen);
}

/* Adds one event stamped now_us while input is wanted. */
static void
add(uint16_t type, uint16_t code, int32_t value)
{
	add_kept(true, type, code, value);
}

/* Adds SYN_REPORT stamped now_us while input is wanted. */
static void
report(void)
{
	add(EV_SYN, SYN_REPORT, 0);
}

/* Returns the events of seen frame i. */
static const struct virtio_input_event *
frame(uint32_t i)
{
	return &seen.events[seen.start[i]];
}

static void
test_a_frame_goes_to_the_sink_whole_at_its_syn_report(void)
{
	fresh(false);
	add(EV_KEY, KEY_A, 1);
	add(EV_REL, REL_X, 3);
	add(EV_MSC, MSC_SCAN, 30);
	CHECK_EQ(seen.n_frames, 0);
	report();
	CHECK_EQ(seen.n_frames, 1);
	CHECK(FRAME_IS(frame(0), seen.len[0], EV(EV_KEY, KEY_A, 1), EV(EV_REL, REL_X, 3),
		       EV(EV_MSC, MSC_SCAN, 30), EV(EV_SYN, SYN_REPORT, 0)));
	add(EV_KEY, KEY_A, 0);
	report();
	CHECK_EQ(seen.n_frames, 2);
	CHECK(FRAME_IS(frame(1), seen.len[1], EV(EV_KEY, KEY_A, 0), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK_EQ(f.events_discarded, 0);
}

static void
test_an_empty_frame_is_dropped(void)
{
	fresh(false);
	report();
	CHECK_EQ(seen.n_frames, 0);
	add(EV_REL, REL_X, 1);
	report();
	report();
	report();
	CHECK_EQ(seen.n_frames, 1);
	CHECK_EQ(seen.len[0], 2);
}

static void
test_key_repeats_pass_when_the_guest_does_not_repeat_keys_itself(void)
{
	fresh(false);
	add(EV_KEY, KEY_A, 1);
	report();
	add(EV_KEY, KEY_A, 2);
	report();
	CHECK_EQ(seen.n_frames, 2);
	CHECK(FRAME_IS(frame(1), seen.len[1], EV(EV_KEY, KEY_A, 2), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK_EQ(f.repeats_dropped, 0);
}

static void
test_key_repeats_are_dropped_when_the_guest_repeats_keys_itself(void)
{
	fresh(true);
	add(EV_KEY, KEY_A, 1);
	report();
	add(EV_KEY, KEY_A, 2);
	report(); /* left empty: dropped whole */
	add(EV_MSC, MSC_SCAN, 30);
	add(EV_KEY, KEY_A, 2);
	report();
	add(EV_KEY, KEY_A, 0);
	report();
	CHECK_EQ(seen.n_frames, 3);
	CHECK(FRAME_IS(frame(0), seen.len[0], EV(EV_KEY, KEY_A, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(FRAME_IS(frame(1), seen.len[1], EV(EV_MSC, MSC_SCAN, 30), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(FRAME_IS(frame(2), seen.len[2], EV(EV_KEY, KEY_A, 0), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK_EQ(f.repeats_dropped, 2);
}

static void
test_an_endless_frame_is_cut_at_frames_max_frame_not_lost(void)
{
	int32_t i;
	bool in_order = true;

	fresh(false);
	for (i = 0; i < 2 * FRAMES_MAX_FRAME + 100; i++)
		add(EV_MSC, MSC_SCAN, i);
	report();
	CHECK_EQ(f.frames_split, 2);
	CHECK_EQ(seen.n_frames, 3);
	CHECK_EQ(seen.len[0], FRAMES_MAX_FRAME);
	CHECK_EQ(seen.len[1], FRAMES_MAX_FRAME);
	CHECK_EQ(seen.len[2], 2 * FRAMES_MAX_FRAME + 100 - 2 * (FRAMES_MAX_FRAME - 1) + 1);
	/* Every event is there, in order, with a SYN_REPORT closing each piece. */
	for (i = 0; i < (int32_t)seen.n_events; i++) {
		uint32_t piece = i / FRAMES_MAX_FRAME, at = i % FRAMES_MAX_FRAME;
		bool last = at == FRAMES_MAX_FRAME - 1 || (uint32_t)i == seen.n_events - 1;
		int32_t value = piece * (FRAMES_MAX_FRAME - 1) + at;

		if (last)
			in_order = in_order && seen.events[i].type == EV_SYN;
		else
			in_order = in_order && seen.events[i].type == EV_MSC &&
				   seen.events[i].value == value;
	}
	CHECK(in_order);
	CHECK_EQ(f.events_discarded, 0);
}

static void
test_a_frame_of_exactly_frames_max_frame_is_not_cut(void)
{
	int32_t i;

	fresh(false);
	for (i = 0; i < FRAMES_MAX_FRAME - 1; i++)
		add(EV_MSC, MSC_SCAN, i);
	report();
	CHECK_EQ(f.frames_split, 0);
	CHECK_EQ(seen.n_frames, 1);
	CHECK_EQ(seen.len[0], FRAMES_MAX_FRAME);
}

static void
test_input_not_kept_is_discarded(void)
{
	fresh(false);
	add_kept(false, EV_KEY, KEY_A, 1);
	add_kept(false, EV_SYN, SYN_REPORT, 0);
	CHECK_EQ(seen.n_frames, 0);
	CHECK_EQ(f.events_discarded, 2);
	add(EV_KEY, KEY_B, 1);
	report();
	CHECK_EQ(seen.n_frames, 1);
	CHECK(FRAME_IS(frame(0), seen.len[0], EV(EV_KEY, KEY_B, 1), EV(EV_SYN, SYN_REPORT, 0)));
}

static void
test_a_frame_that_began_while_discarding_is_skipped_to_its_syn_report(void)
{
	fresh(false);
	add_kept(false, EV_REL, REL_X, 5);
	add(EV_REL, REL_Y, 7); /* the rest of that frame, now kept: still skipped */
	CHECK_EQ(seen.n_frames, 0);
	report();
	CHECK_EQ(seen.n_frames, 0);
	add(EV_KEY, KEY_C, 1);
	report();
	CHECK_EQ(seen.n_frames, 1);
	CHECK(FRAME_IS(frame(0), seen.len[0], EV(EV_KEY, KEY_C, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK_EQ(f.events_discarded, 3);
}

static void
test_a_frame_under_way_when_discarding_starts_is_lost_whole(void)
{
	fresh(false);
	add(EV_REL, REL_X, 5);
	add_kept(false, EV_REL, REL_Y, 7);
	report();
	CHECK_EQ(seen.n_frames, 0);
	CHECK_EQ(f.events_discarded, 3);
	add(EV_KEY, KEY_C, 1);
	report();
	CHECK_EQ(seen.n_frames, 1);
	CHECK_EQ(frame(0)[0].code, KEY_C);
}

static void
test_syn_dropped_discards_the_partial_frame_before_it_and_the_damaged_frame_after_it(void)
{
	fresh(false);
	add(EV_KEY, KEY_A, 1); /* partial: its SYN_REPORT was dropped */
	add(EV_SYN, SYN_DROPPED, 0);
	add(EV_KEY, KEY_B, 1); /* damaged: the start of its frame was dropped */
	add(EV_REL, REL_X, 1);
	report();
	CHECK_EQ(seen.n_frames, 0);
	add(EV_KEY, KEY_C, 1);
	report();
	CHECK_EQ(seen.n_frames, 1);
	CHECK(FRAME_IS(frame(0), seen.len[0], EV(EV_KEY, KEY_C, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK_EQ(f.syn_dropped, 1);
	CHECK_EQ(f.events_discarded, 5);
}

static void
test_syn_dropped_in_a_frame_begun_while_discarding_skips_to_the_same_syn_report(void)
{
	fresh(false);
	add_kept(false, EV_REL, REL_X, 1);
	add(EV_SYN, SYN_DROPPED, 0);
	add(EV_REL, REL_X, 2);
	report();
	add(EV_REL, REL_X, 3);
	report();
	CHECK_EQ(seen.n_frames, 1);
	CHECK(FRAME_IS(frame(0), seen.len[0], EV(EV_REL, REL_X, 3), EV(EV_SYN, SYN_REPORT, 0)));
}

static void
test_the_state_is_wanted_once_the_damage_is_skipped_and_no_frame_is_under_way(void)
{
	fresh(false);
	CHECK(!frames_state_wanted(&f));
	add(EV_KEY, KEY_A, 1);
	add(EV_SYN, SYN_DROPPED, 0);
	CHECK(!frames_state_wanted(&f)); /* the damaged frame is still to come */
	add(EV_KEY, KEY_B, 1);
	CHECK(!frames_state_wanted(&f));
	report();
	CHECK(frames_state_wanted(&f));
	add(EV_REL, REL_X, 1);
	CHECK(!frames_state_wanted(&f)); /* a frame is half read */
	report();
	CHECK(frames_state_wanted(&f));
	CHECK_EQ(seen.n_frames, 1);
	frames_state_taken(&f);
	CHECK(!frames_state_wanted(&f));
	add(EV_REL, REL_X, 1);
	report();
	CHECK(!frames_state_wanted(&f));
	CHECK_EQ(f.syn_dropped, 1);
}

static void
test_a_state_taken_early_is_not_wanted_again_after_the_skip(void)
{
	fresh(false);
	add(EV_SYN, SYN_DROPPED, 0);
	frames_state_taken(&f); /* e.g. the ring stopped: its start resyncs instead */
	add(EV_KEY, KEY_B, 1);
	report();
	CHECK(!frames_state_wanted(&f));
	CHECK_EQ(seen.n_frames, 0);
}

static void
test_the_first_frame_is_not_a_burst(void)
{
	fresh(false);
	add(EV_KEY, KEY_A, 1);
	report();
	CHECK_EQ(seen.n_frames, 1);
	CHECK(!seen.burst[0]);
}

static void
test_a_frame_a_millisecond_after_the_last_is_not_a_burst(void)
{
	fresh(false);
	add(EV_KEY, KEY_A, 1);
	report();
	now_us += 1000;
	add(EV_KEY, KEY_A, 0);
	add(EV_REL, REL_X, 1);
	add(EV_REL, REL_Y, 1);
	report();
	CHECK_EQ(seen.n_frames, 2);
	CHECK(!seen.burst[1]);
}

static void
test_frames_with_equal_timestamps_are_a_burst(void)
{
	int i;

	fresh(false);
	for (i = 0; i < 10; i++) {
		add(EV_KEY, KEY_A, !(i & 1));
		report();
	}
	CHECK_EQ(seen.n_frames, 10);
	CHECK(!seen.burst[0]);
	for (i = 1; i < 10; i++)
		CHECK(seen.burst[i]);
}

static void
test_a_frame_sooner_than_frames_burst_ns_per_event_per_event_is_a_burst(void)
{
	/* Two-event frames: a burst below 2 * FRAMES_BURST_NS_PER_EVENT after the last. */
	const int64_t limit_us = 2 * FRAMES_BURST_NS_PER_EVENT / 1000;

	fresh(false);
	add(EV_KEY, KEY_A, 1);
	report();
	now_us += limit_us - 1;
	add(EV_KEY, KEY_A, 0);
	report();
	now_us += limit_us;
	add(EV_KEY, KEY_A, 1);
	report();
	/* A longer frame may follow more closely per frame, not per event. */
	now_us += 3 * FRAMES_BURST_NS_PER_EVENT / 1000;
	add(EV_KEY, KEY_A, 0);
	add(EV_KEY, KEY_B, 1);
	add(EV_KEY, KEY_C, 1);
	report();
	CHECK_EQ(seen.n_frames, 4);
	CHECK(seen.burst[1]);
	CHECK(!seen.burst[2]);
	CHECK(seen.burst[3]);
}

static void
test_a_burst_is_measured_from_the_last_whole_frame_not_from_discarded_input(void)
{
	fresh(false);
	add(EV_KEY, KEY_A, 1);
	report();
	now_us += 1000;
	add_kept(false, EV_KEY, KEY_A, 0);
	add_kept(false, EV_SYN, SYN_REPORT, 0);
	add(EV_KEY, KEY_A, 1);
	report();
	CHECK_EQ(seen.n_frames, 2);
	CHECK(!seen.burst[1]);
}

int
main(void)
{
	RUN(test_a_frame_goes_to_the_sink_whole_at_its_syn_report);
	RUN(test_an_empty_frame_is_dropped);
	RUN(test_key_repeats_pass_when_the_guest_does_not_repeat_keys_itself);
	RUN(test_key_repeats_are_dropped_when_the_guest_repeats_keys_itself);
	RUN(test_an_endless_frame_is_cut_at_frames_max_frame_not_lost);
	RUN(test_a_frame_of_exactly_frames_max_frame_is_not_cut);
	RUN(test_input_not_kept_is_discarded);
	RUN(test_a_frame_that_began_while_discarding_is_skipped_to_its_syn_report);
	RUN(test_a_frame_under_way_when_discarding_starts_is_lost_whole);
	RUN(test_syn_dropped_discards_the_partial_frame_before_it_and_the_damaged_frame_after_it);
	RUN(test_syn_dropped_in_a_frame_begun_while_discarding_skips_to_the_same_syn_report);
	RUN(test_the_state_is_wanted_once_the_damage_is_skipped_and_no_frame_is_under_way);
	RUN(test_a_state_taken_early_is_not_wanted_again_after_the_skip);
	RUN(test_the_first_frame_is_not_a_burst);
	RUN(test_a_frame_a_millisecond_after_the_last_is_not_a_burst);
	RUN(test_frames_with_equal_timestamps_are_a_burst);
	RUN(test_a_frame_sooner_than_frames_burst_ns_per_event_per_event_is_a_burst);
	RUN(test_a_burst_is_measured_from_the_last_whole_frame_not_from_discarded_input);
	return check_result();
}
