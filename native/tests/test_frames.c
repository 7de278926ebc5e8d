/* test_frames.c: whole frames, streaming, discarding before start, backlog overflow and key resync. */
#include <string.h>

#include "check.h"
#include "frames.h"

static struct frames f;

/* Adds a one-key frame: code value, SYN_REPORT. */
static void
key_frame(uint16_t code, int32_t value)
{
	CHECK(!frames_add(&f, EV_KEY, code, value));
	CHECK(frames_add(&f, EV_SYN, SYN_REPORT, 0));
}

/* Delivers up to max events into out; returns how many. */
static int
drain(struct virtio_input_event *out, int max)
{
	const struct virtio_input_event *e;
	int n = 0;

	while (n < max && (e = frames_peek(&f)) != NULL) {
		out[n++] = *e;
		frames_consume(&f);
	}
	return n;
}

static void
test_discards_until_started(void)
{
	struct virtio_input_event out[8];

	frames_stop(&f);
	CHECK(!frames_add(&f, EV_KEY, KEY_A, 1));
	CHECK(!frames_add(&f, EV_SYN, SYN_REPORT, 0));
	CHECK(frames_peek(&f) == NULL);
	CHECK_EQ(f.events_discarded, 2);
	frames_start(&f);
	CHECK(frames_peek(&f) == NULL);
	key_frame(KEY_B, 1);
	CHECK_EQ(drain(out, 8), 2);
	CHECK_EQ(out[0].code, KEY_B);
}

static void
test_frame_in_progress_at_start_is_dropped(void)
{
	struct virtio_input_event out[8];

	frames_stop(&f);
	frames_add(&f, EV_REL, REL_X, 5); /* discarded, and the frame is under way */
	frames_start(&f);
	frames_add(&f, EV_REL, REL_Y, 7); /* rest of that frame: dropped */
	frames_add(&f, EV_SYN, SYN_REPORT, 0);
	key_frame(KEY_C, 1);
	CHECK_EQ(drain(out, 8), 2);
	CHECK_EQ(out[0].code, KEY_C);
}

static void
test_frames_are_whole_and_ordered(void)
{
	struct virtio_input_event out[64];
	int i;

	frames_stop(&f);
	frames_start(&f);
	for (i = 0; i < 21; i++)
		CHECK(!frames_add(&f, EV_ABS, ABS_MT_POSITION_X, i - 10));
	CHECK(frames_peek(&f) == NULL); /* nothing before SYN_REPORT */
	CHECK(frames_add(&f, EV_SYN, SYN_REPORT, 0));
	/* Streams across "buffer re-posts": 4 at a time. */
	CHECK_EQ(drain(out, 4), 4);
	CHECK_EQ(drain(out + 4, 4), 4);
	CHECK_EQ(drain(out + 8, 64), 14);
	for (i = 0; i < 21; i++)
		CHECK_EQ(out[i].value, i - 10);
	CHECK_EQ(out[21].type, EV_SYN);
}

static void
test_partial_frame_forgotten_after_drop(void)
{
	struct virtio_input_event out[8];

	frames_stop(&f);
	frames_start(&f);
	frames_add(&f, EV_REL, REL_X, 1);
	frames_drop_partial(&f);
	key_frame(KEY_D, 1);
	CHECK_EQ(drain(out, 8), 2);
	CHECK_EQ(out[0].code, KEY_D);
}

static void
test_endless_frame_is_cut_not_lost(void)
{
	static struct virtio_input_event out[2 * FRAMES_MAX_FRAME];
	int i, n;

	frames_stop(&f);
	frames_start(&f);
	for (i = 0; i < 1500; i++)
		frames_add(&f, EV_MSC, MSC_SCAN, i);
	frames_add(&f, EV_SYN, SYN_REPORT, 0);
	n = drain(out, 2 * FRAMES_MAX_FRAME);
	CHECK_EQ(n, 1502);
	CHECK_EQ(f.frames_split, 1);
	CHECK_EQ(out[FRAMES_MAX_FRAME - 1].type, EV_SYN);
	CHECK_EQ(out[FRAMES_MAX_FRAME].value, FRAMES_MAX_FRAME - 1);
}

static void
test_overflow_drops_oldest_frames_and_resyncs_keys(void)
{
	static struct virtio_input_event out[FRAMES_BACKLOG + 16];
	int i, n;

	frames_stop(&f);
	frames_start(&f);
	key_frame(KEY_A, 1);
	CHECK_EQ(drain(out, 2), 2); /* the guest has A down */

	/* Oldest frames, to be dropped: release A, press B. */
	key_frame(KEY_A, 0);
	key_frame(KEY_B, 1);
	/* Then enough motion frames to overflow the backlog. */
	for (i = 0; i < FRAMES_BACKLOG / 2; i++) {
		frames_add(&f, EV_REL, REL_X, i);
		frames_add(&f, EV_SYN, SYN_REPORT, 0);
	}
	CHECK(f.frames_dropped >= 2);

	n = drain(out, FRAMES_BACKLOG + 16);
	/* First comes the resync: A released, B pressed, as the dropped frames left them. */
	CHECK_EQ(out[0].type, EV_KEY);
	CHECK_EQ(out[0].code, KEY_A);
	CHECK_EQ(out[0].value, 0);
	CHECK_EQ(out[1].code, KEY_B);
	CHECK_EQ(out[1].value, 1);
	CHECK_EQ(out[2].type, EV_SYN);
	CHECK_EQ(f.resyncs, 1);
	/* Then the newest motion frames, whole and in order, ending with the last one. */
	CHECK_EQ(out[n - 2].type, EV_REL);
	CHECK_EQ(out[n - 2].value, FRAMES_BACKLOG / 2 - 1);
	for (i = 3; i + 3 < n; i += 2)
		CHECK_EQ(out[i + 2].value, out[i].value + 1);
	CHECK_EQ((n - 3) / 2 + f.frames_dropped, FRAMES_BACKLOG / 2 + 2);
}

static void
test_resync_after_drops_that_changed_nothing_is_empty(void)
{
	static struct virtio_input_event out[FRAMES_BACKLOG];
	uint64_t resyncs_before = f.resyncs;
	int i, n;

	frames_stop(&f);
	frames_start(&f);
	for (i = 0; i < FRAMES_BACKLOG; i++) {
		frames_add(&f, EV_REL, REL_Y, 1);
		frames_add(&f, EV_SYN, SYN_REPORT, 0);
	}
	n = drain(out, FRAMES_BACKLOG);
	CHECK_EQ(f.resyncs, resyncs_before);
	CHECK_EQ(out[0].type, EV_REL);
	CHECK_EQ(n, FRAMES_BACKLOG);
}

static void
test_repeat_keeps_key_down(void)
{
	struct virtio_input_event out[4];

	frames_stop(&f);
	frames_start(&f);
	key_frame(KEY_E, 2);
	CHECK_EQ(drain(out, 4), 2);
	CHECK(f.guest_keys[KEY_E / 8] & (1u << (KEY_E % 8)));
}

static void
test_host_repeats_dropped_when_guest_repeats(void)
{
	struct virtio_input_event out[8];

	frames_stop(&f);
	frames_start(&f);
	f.drop_repeats = true;
	key_frame(KEY_F, 1);
	CHECK(!frames_add(&f, EV_KEY, KEY_F, 2));
	CHECK(!frames_add(&f, EV_SYN, SYN_REPORT, 0)); /* left empty: dropped whole */
	key_frame(KEY_F, 0);
	CHECK_EQ(drain(out, 8), 4);
	CHECK_EQ(out[0].value, 1);
	CHECK_EQ(out[2].value, 0);
	CHECK_EQ(f.repeats_dropped, 1);
	f.drop_repeats = false;
}

int
main(void)
{
	memset(&f, 0, sizeof(f));
	RUN(test_discards_until_started);
	RUN(test_frame_in_progress_at_start_is_dropped);
	RUN(test_frames_are_whole_and_ordered);
	RUN(test_partial_frame_forgotten_after_drop);
	RUN(test_endless_frame_is_cut_not_lost);
	RUN(test_overflow_drops_oldest_frames_and_resyncs_keys);
	RUN(test_resync_after_drops_that_changed_nothing_is_empty);
	RUN(test_repeat_keeps_key_down);
	RUN(test_host_repeats_dropped_when_guest_repeats);
	return check_result();
}
