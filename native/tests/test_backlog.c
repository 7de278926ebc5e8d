/* test_backlog.c: one guest's queue of whole frames and device states, its two models of the guest, and the resyncs built from them. */
#include <string.h>

#include "backlog.h"
#include "check.h"
#include "frame_check.h"

/* Events one drain may take: a full queue and a resync. */
#define OUT_MAX (BACKLOG_EVENTS + STATE_DIFF_MAX)

static struct backlog b;
static struct input_facts facts;
static struct virtio_input_event out[OUT_MAX];
static bool out_burst[OUT_MAX];     /* the burst flag of each delivered event's frame */
static struct input_state delivered; /* the guest's input core, from what it was given */

/* A keyboard with A, B, C and D, and an absolute X axis; starts the guest fresh. */
static void
fresh(void)
{
	memset(&facts, 0, sizeof(facts));
	state_set_bit(facts.key, KEY_A, true);
	state_set_bit(facts.key, KEY_B, true);
	state_set_bit(facts.key, KEY_C, true);
	state_set_bit(facts.key, KEY_D, true);
	state_set_bit(facts.abs, ABS_X, true);
	/* Zeroed as the device allocates it: the counters run for its lifetime. */
	memset(&b, 0, sizeof(b));
	backlog_init(&b);
	backlog_begin(&b);
	input_state_init(&delivered);
}

/* Queues the frame [events..., SYN_REPORT]. */
static void
queue(bool burst, uint32_t n, const struct virtio_input_event *events)
{
	struct virtio_input_event frame[FRAMES_MAX_FRAME];

	memcpy(frame, events, n * sizeof(*events));
	frame[n] = EV(EV_SYN, SYN_REPORT, 0);
	backlog_add_frame(&b, &facts, frame, n + 1, burst);
}

/* Queues the frame [e1, e2, SYN_REPORT] at a device's pace. */
static void
queue2(struct virtio_input_event e1, struct virtio_input_event e2)
{
	queue(false, 2, (const struct virtio_input_event[]){ e1, e2 });
}

/* Queues a one-key frame at a device's pace. */
static void
queue_key(uint16_t code, int32_t value)
{
	queue(false, 1, &EV(EV_KEY, code, value));
}

/* Returns a state with exactly the given keys down (a 0-terminated list). */
static struct input_state
keys_down(const uint16_t *codes)
{
	struct input_state s;

	input_state_init(&s);
	for (; *codes; codes++)
		state_set_bit(s.key, *codes, true);
	return s;
}

/* Queues a device state with exactly the given keys down. */
#define QUEUE_STATE(...)                                                                  \
	do {                                                                              \
		struct input_state queue_state = keys_down((const uint16_t[]){ __VA_ARGS__, 0 }); \
		backlog_add_state(&b, &facts, &queue_state);                              \
	} while (0)

/* Delivers up to max events, as the pump does: backlog_next, peek, consume.
 * Returns how many; they are in out, from index at. */
static uint32_t
take_at(uint32_t at, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && at + n < OUT_MAX && backlog_next(&b, &facts)) {
		const struct virtio_input_event *e = backlog_peek(&b);

		out[at + n] = *e;
		out_burst[at + n] = b.current_burst;
		input_state_apply(&delivered, &facts, e->type, e->code, e->value);
		backlog_consume(&b, &facts);
		n++;
	}
	return n;
}

/* Delivers everything into out; returns how many events. */
static uint32_t
drain(void)
{
	return take_at(0, OUT_MAX);
}

/* Returns whether the backlog's guest model is what the guest was given. */
static bool
guest_model_is_delivered(void)
{
	return memcmp(b.guest.key, delivered.key, sizeof(delivered.key)) == 0 &&
	       memcmp(b.guest.abs, delivered.abs, sizeof(delivered.abs)) == 0;
}

static void
test_frames_come_out_whole_and_in_order(void)
{
	fresh();
	CHECK(!backlog_next(&b, &facts));
	queue_key(KEY_A, 1);
	queue2(EV(EV_ABS, ABS_X, 5), EV(EV_MSC, MSC_SCAN, 4));
	queue_key(KEY_A, 0);
	CHECK(FRAME_IS(out, drain(), EV(EV_KEY, KEY_A, 1), EV(EV_SYN, SYN_REPORT, 0),
		       EV(EV_ABS, ABS_X, 5), EV(EV_MSC, MSC_SCAN, 4), EV(EV_SYN, SYN_REPORT, 0),
		       EV(EV_KEY, KEY_A, 0), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(!backlog_next(&b, &facts));
	CHECK_EQ(b.frames_dropped, 0);
	CHECK_EQ(b.resyncs, 0);
	CHECK(guest_model_is_delivered());
}

static void
test_a_frame_streams_across_partial_consumption(void)
{
	struct virtio_input_event motion[20];
	uint32_t n, i;
	bool in_order = true;

	fresh();
	for (i = 0; i < 20; i++)
		motion[i] = EV(EV_ABS, ABS_X, i);
	queue(true, 20, motion);
	/* As if the guest re-posted four buffers at a time. */
	n = take_at(0, 4);
	CHECK_EQ(n, 4);
	CHECK_EQ(b.guest.abs[ABS_X], 3); /* the guest model follows each event */
	queue_key(KEY_B, 1);             /* queued meanwhile: comes after */
	n += take_at(n, 4);
	CHECK_EQ(n, 8);
	n += take_at(n, OUT_MAX);
	CHECK_EQ(n, 23);
	for (i = 0; i < 20; i++)
		in_order = in_order && out[i].type == EV_ABS && out[i].value == (int32_t)i &&
			   out_burst[i];
	CHECK(in_order);
	CHECK(FRAME_IS(out + 20, 3, EV(EV_SYN, SYN_REPORT, 0), EV(EV_KEY, KEY_B, 1),
		       EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(!out_burst[21]);
	CHECK(guest_model_is_delivered());
}

/* The old overflow test's story: A down, thousands of B taps, A up and C down. */
static void
queue_a_then_taps_then_a_up_c_down(int taps)
{
	int i;

	queue_key(KEY_A, 1);
	for (i = 0; i < taps; i++) {
		queue_key(KEY_B, 1);
		queue_key(KEY_B, 0);
	}
	queue2(EV(EV_KEY, KEY_A, 0), EV(EV_KEY, KEY_C, 1));
}

static void
test_overflow_drops_the_oldest_frames_and_resyncs_to_the_state_they_left(void)
{
	/* The last frame has 3 events; the 2-event taps fill the rest. */
	const uint32_t kept_tap_frames = (BACKLOG_EVENTS - 3) / 2;
	const uint32_t taps = 3000, frames = 1 + 2 * taps + 1;
	struct input_state want;
	uint32_t n, i;
	bool taps_whole = true;

	fresh();
	queue_a_then_taps_then_a_up_c_down(taps);
	CHECK_EQ(b.frames_dropped, frames - kept_tap_frames - 1);
	CHECK(backlog_nearly_full(&b));

	n = drain();
	/* First the resync: the dropped frames left A down and B up. */
	CHECK(FRAME_IS(out, 2, EV(EV_KEY, KEY_A, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(out_burst[0] && out_burst[1]);
	CHECK_EQ(b.resyncs, 1);
	/* Then the newest taps, whole and in order, then the last frame. */
	CHECK_EQ(n, 2 + 2 * kept_tap_frames + 3);
	for (i = 0; i < kept_tap_frames; i++) {
		const struct virtio_input_event *e = &out[2 + 2 * i];

		taps_whole = taps_whole && e[0].type == EV_KEY && e[0].code == KEY_B &&
			     e[0].value == (int32_t)(i % 2 == 0) && e[1].type == EV_SYN &&
			     !out_burst[2 + 2 * i];
	}
	CHECK(taps_whole);
	CHECK(FRAME_IS(out + n - 3, 3, EV(EV_KEY, KEY_A, 0), EV(EV_KEY, KEY_C, 1),
		       EV(EV_SYN, SYN_REPORT, 0)));
	/* The guest ends with C down only. */
	want = keys_down((const uint16_t[]){ KEY_C, 0 });
	CHECK(memcmp(delivered.key, want.key, sizeof(want.key)) == 0);
	CHECK(guest_model_is_delivered());
}

static void
test_overflow_while_a_frame_is_half_delivered_resyncs_after_that_frame(void)
{
	uint32_t n, i;

	fresh();
	queue2(EV(EV_KEY, KEY_A, 1), EV(EV_KEY, KEY_D, 1));
	CHECK_EQ(take_at(0, 1), 1); /* the guest has A down, D is still to come */
	queue_key(KEY_D, 0);        /* to be dropped */
	for (i = 0; i < BACKLOG_EVENTS; i++)
		queue(false, 1, &EV(EV_MSC, MSC_SCAN, i));
	CHECK(b.frames_dropped > 0);
	n = drain();
	/* The rest of the frame under way, then the resync from what it left. */
	CHECK(n > 6);
	CHECK(FRAME_IS(out, 4, EV(EV_KEY, KEY_D, 1), EV(EV_SYN, SYN_REPORT, 0),
		       EV(EV_KEY, KEY_D, 0), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(!out_burst[0] && out_burst[2]);
	CHECK_EQ(out[4].type, EV_MSC);
	CHECK_EQ(b.resyncs, 1);
	CHECK(state_bit(delivered.key, KEY_A) && !state_bit(delivered.key, KEY_D));
	CHECK(guest_model_is_delivered());
}

static void
test_overflow_that_changed_nothing_sends_no_resync(void)
{
	uint32_t n, i;

	fresh();
	for (i = 0; i < BACKLOG_EVENTS; i++)
		queue(false, 1, &EV(EV_MSC, MSC_SCAN, i));
	CHECK(b.frames_dropped > 0);
	n = drain();
	CHECK_EQ(b.resyncs, 0);
	CHECK_EQ(n, BACKLOG_EVENTS);
	CHECK_EQ(out[0].type, EV_MSC);
	CHECK_EQ(out[0].value, b.frames_dropped);
	CHECK_EQ(out[n - 2].value, BACKLOG_EVENTS - 1);
}

static void
test_a_device_state_resyncs_after_the_frames_before_it_and_before_those_after_it(void)
{
	fresh();
	queue_key(KEY_A, 1);
	QUEUE_STATE(KEY_A, KEY_B); /* B went down in events the host lost */
	queue_key(KEY_C, 1);
	CHECK(FRAME_IS(out, drain(), EV(EV_KEY, KEY_A, 1), EV(EV_SYN, SYN_REPORT, 0),
		       EV(EV_KEY, KEY_B, 1), EV(EV_SYN, SYN_REPORT, 0),
		       EV(EV_KEY, KEY_C, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(!out_burst[0] && out_burst[2] && out_burst[3] && !out_burst[4]);
	CHECK_EQ(b.resyncs, 1);
	CHECK(guest_model_is_delivered());
}

static void
test_a_device_state_is_diffed_from_what_the_guest_holds_when_it_is_reached(void)
{
	fresh();
	queue_key(KEY_A, 1);
	CHECK_EQ(take_at(0, 2), 2); /* delivered before the state was read */
	queue_key(KEY_B, 1);
	QUEUE_STATE(KEY_B, KEY_C);
	CHECK(FRAME_IS(out, drain(), EV(EV_KEY, KEY_B, 1), EV(EV_SYN, SYN_REPORT, 0),
		       EV(EV_KEY, KEY_A, 0), EV(EV_KEY, KEY_C, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(guest_model_is_delivered());
}

static void
test_a_newer_device_state_supersedes_an_older_one_still_queued(void)
{
	fresh();
	QUEUE_STATE(KEY_A);
	queue_key(KEY_D, 1);
	QUEUE_STATE(KEY_B, KEY_D);
	CHECK(FRAME_IS(out, drain(), EV(EV_KEY, KEY_D, 1), EV(EV_SYN, SYN_REPORT, 0),
		       EV(EV_KEY, KEY_B, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK_EQ(b.resyncs, 1);
	CHECK(guest_model_is_delivered());
}

static void
test_a_dropped_device_state_still_brings_the_guest_to_it(void)
{
	uint32_t i, n;

	fresh();
	QUEUE_STATE(KEY_A);
	for (i = 0; i < BACKLOG_EVENTS; i++)
		queue(false, 1, &EV(EV_MSC, MSC_SCAN, i));
	CHECK(b.frames_dropped > 0);
	n = drain();
	CHECK(n > 2);
	CHECK(FRAME_IS(out, 2, EV(EV_KEY, KEY_A, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK_EQ(out[2].type, EV_MSC);
	CHECK(state_bit(delivered.key, KEY_A));
}

static void
test_a_device_state_the_guest_already_holds_sends_no_frame(void)
{
	fresh();
	queue_key(KEY_A, 1);
	QUEUE_STATE(KEY_A);
	CHECK(FRAME_IS(out, drain(), EV(EV_KEY, KEY_A, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK_EQ(b.resyncs, 0);
	QUEUE_STATE(KEY_A);
	CHECK(!backlog_next(&b, &facts));
	CHECK_EQ(b.resyncs, 0);
}

static void
test_stop_drops_queued_frames_but_the_guest_keeps_what_it_was_given(void)
{
	fresh();
	queue_key(KEY_A, 1);
	CHECK_EQ(take_at(0, 2), 2);
	queue_key(KEY_B, 1);
	queue_key(KEY_C, 1);
	backlog_stop(&b);
	CHECK(!backlog_next(&b, &facts));
	/* The ring restarts with D down on the device: A is released, B and C never came. */
	QUEUE_STATE(KEY_D);
	CHECK(FRAME_IS(out, drain(), EV(EV_KEY, KEY_A, 0), EV(EV_KEY, KEY_D, 1),
		       EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(guest_model_is_delivered());
}

static void
test_stop_in_the_middle_of_a_frame_keeps_the_half_the_guest_got(void)
{
	struct input_state none;

	fresh();
	queue2(EV(EV_KEY, KEY_A, 1), EV(EV_KEY, KEY_B, 1));
	CHECK_EQ(take_at(0, 1), 1);
	backlog_stop(&b);
	CHECK(!backlog_next(&b, &facts));
	input_state_init(&none);
	backlog_add_state(&b, &facts, &none);
	CHECK(FRAME_IS(out, drain(), EV(EV_KEY, KEY_A, 0), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(guest_model_is_delivered());
}

static void
test_after_a_stop_dropped_frames_resync_from_what_the_guest_has(void)
{
	uint32_t i;

	fresh();
	queue2(EV(EV_KEY, KEY_A, 1), EV(EV_KEY, KEY_B, 1));
	CHECK_EQ(take_at(0, 1), 1);
	backlog_stop(&b);
	/* The ring runs again: C goes down in a frame that overflow drops. */
	queue_key(KEY_C, 1);
	for (i = 0; i < BACKLOG_EVENTS; i++)
		queue(false, 1, &EV(EV_MSC, MSC_SCAN, i));
	CHECK(b.frames_dropped > 0);
	CHECK(drain() > 2);
	/* B never reached the guest, so only C is in the resync. */
	CHECK(FRAME_IS(out, 2, EV(EV_KEY, KEY_C, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(guest_model_is_delivered());
}

static void
test_stop_forgets_a_resync_that_was_due(void)
{
	uint32_t i;

	fresh();
	queue_key(KEY_A, 1); /* to be dropped: the stream model has A down */
	for (i = 0; i < BACKLOG_EVENTS; i++)
		queue(false, 1, &EV(EV_MSC, MSC_SCAN, i));
	CHECK(b.frames_dropped > 0);
	backlog_stop(&b);
	CHECK(!backlog_next(&b, &facts));
	CHECK_EQ(b.resyncs, 0);
}

static void
test_begin_starts_from_a_freshly_probed_device(void)
{
	struct input_state none;

	fresh();
	queue_key(KEY_A, 1);
	CHECK_EQ(take_at(0, 2), 2);
	queue_key(KEY_B, 1);
	backlog_begin(&b); /* the guest driver was reset: its device is new */
	input_state_init(&delivered);
	CHECK(!backlog_next(&b, &facts));
	input_state_init(&none);
	backlog_add_state(&b, &facts, &none);
	CHECK(!backlog_next(&b, &facts));
	QUEUE_STATE(KEY_C);
	CHECK(FRAME_IS(out, drain(), EV(EV_KEY, KEY_C, 1), EV(EV_SYN, SYN_REPORT, 0)));
	CHECK(b.model_valid);
	CHECK(guest_model_is_delivered());
}

static void
test_frames_keep_their_burst_flag(void)
{
	fresh();
	queue(true, 1, &EV(EV_KEY, KEY_A, 1));
	queue(false, 1, &EV(EV_KEY, KEY_A, 0));
	CHECK_EQ(drain(), 4);
	CHECK(out_burst[0] && out_burst[1]);
	CHECK(!out_burst[2] && !out_burst[3]);
}

static void
test_an_empty_or_overlong_frame_is_not_queued(void)
{
	static struct virtio_input_event longest[FRAMES_MAX_FRAME + 1];

	fresh();
	backlog_add_frame(&b, &facts, longest, 0, false);
	backlog_add_frame(&b, &facts, longest, FRAMES_MAX_FRAME + 1, false);
	CHECK(!backlog_next(&b, &facts));
	CHECK_EQ(b.frames_dropped, 0);
}

static void
test_the_queue_is_nearly_full_with_less_than_the_headroom_free(void)
{
	uint32_t i;

	fresh();
	for (i = 0; i < (BACKLOG_EVENTS - BACKLOG_HEADROOM) / 2; i++)
		queue_key(KEY_A, i % 2);
	CHECK(!backlog_nearly_full(&b));
	queue_key(KEY_A, 0);
	CHECK(backlog_nearly_full(&b));
	CHECK_EQ(take_at(0, 2), 2);
	CHECK(!backlog_nearly_full(&b));
}

int
main(void)
{
	RUN(test_frames_come_out_whole_and_in_order);
	RUN(test_a_frame_streams_across_partial_consumption);
	RUN(test_overflow_drops_the_oldest_frames_and_resyncs_to_the_state_they_left);
	RUN(test_overflow_while_a_frame_is_half_delivered_resyncs_after_that_frame);
	RUN(test_overflow_that_changed_nothing_sends_no_resync);
	RUN(test_a_device_state_resyncs_after_the_frames_before_it_and_before_those_after_it);
	RUN(test_a_device_state_is_diffed_from_what_the_guest_holds_when_it_is_reached);
	RUN(test_a_newer_device_state_supersedes_an_older_one_still_queued);
	RUN(test_a_dropped_device_state_still_brings_the_guest_to_it);
	RUN(test_a_device_state_the_guest_already_holds_sends_no_frame);
	RUN(test_stop_drops_queued_frames_but_the_guest_keeps_what_it_was_given);
	RUN(test_stop_in_the_middle_of_a_frame_keeps_the_half_the_guest_got);
	RUN(test_after_a_stop_dropped_frames_resync_from_what_the_guest_has);
	RUN(test_stop_forgets_a_resync_that_was_due);
	RUN(test_begin_starts_from_a_freshly_probed_device);
	RUN(test_frames_keep_their_burst_flag);
	RUN(test_an_empty_or_overlong_frame_is_not_queued);
	RUN(test_the_queue_is_nearly_full_with_less_than_the_headroom_free);
	return check_result();
}
