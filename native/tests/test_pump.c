/* test_pump.c: the device's pump against a fake source and a fake guest: exact streams, resyncs, pacing, broken rings. */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "device.h"
#include "fake_guest.h"
#include "fake_source.h"

#define BUF_GPA (FAKE_GPA + 0x40000)
#define MAX_EVENTS 4096
#define MS 1000000LL

/* One served device with its guest: the test plays the host device (the
 * fake source) and the guest driver (posting, taking and re-posting 8-byte
 * buffers on the event ring, as Linux's virtio_input does). */
static struct fake_guest g;
static struct fake_source *src;
static struct vdi_device *d;
static int kick_fd, call_fd;
static uint16_t used_seen;
static struct virtio_input_event got[MAX_EVENTS];
static int ngot;

/* Sets up the event ring of num buffers and starts it; returns what the
 * pump then reports. */
static int
start_ring(uint16_t num, uint16_t base)
{
	uint16_t i;

	CHECK_EQ(vdi_device_set_vring_num(d, VIRTIO_INPUT_EVENTQ, num), 0);
	CHECK_EQ(vdi_device_set_vring_addr(d, VIRTIO_INPUT_EVENTQ, fake_guest_uaddr(g.desc_gpa),
					   fake_guest_uaddr(g.used_gpa),
					   fake_guest_uaddr(g.avail_gpa)),
		 0);
	CHECK_EQ(vdi_device_set_vring_base(d, VIRTIO_INPUT_EVENTQ, base), 0);
	if (base == 0) {
		for (i = 0; i < num; i++) {
			fake_guest_desc(&g, i, BUF_GPA + 8 * i, 8, VRING_DESC_F_WRITE, 0);
			fake_guest_post(&g, i);
		}
	}
	CHECK_EQ(vdi_device_set_vring_kick(d, VIRTIO_INPUT_EVENTQ, dup(kick_fd)), 0);
	CHECK_EQ(vdi_device_set_vring_call(d, VIRTIO_INPUT_EVENTQ, dup(call_fd)), 0);
	CHECK_EQ(vdi_device_set_vring_enable(d, VIRTIO_INPUT_EVENTQ, true), 0);
	return vdi_device_pump(d, 0);
}

/* A device with burst_rate and a guest whose event ring of num buffers is laid out but not started. */
static void
setup_device(uint16_t num, uint32_t burst_rate)
{
	struct guest_region_desc region = {
		.guest_phys_addr = FAKE_GPA,
		.size = FAKE_SIZE,
		.user_addr = FAKE_UADDR,
	};
	int listen_fd, mem_fd;

	CHECK_EQ(fake_guest_init(&g), 0);
	fake_guest_layout(&g, num);
	src = fake_source_new();
	CHECK(src != NULL);
	listen_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); /* never readable: no front-end */
	kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	call_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	CHECK_EQ(vdi_device_create(&src->source, listen_fd, burst_rate, &d), 0);
	mem_fd = dup(g.fd);
	CHECK_EQ(vdi_device_set_mem_table(d, &region, &mem_fd, 1), 0);
	used_seen = 0;
	ngot = 0;
}

/* A device with burst_rate, a guest with a running event ring of num buffers. */
static void
setup(uint16_t num, uint32_t burst_rate)
{
	setup_device(num, burst_rate);
	CHECK_EQ(start_ring(num, 0), PUMP_RING_STARTED);
}

static void
teardown(void)
{
	vdi_device_destroy(d);
	fake_guest_fini(&g);
	close(kick_fd);
	close(call_fd);
}

/* Takes every used buffer into got[], re-posts it and kicks, as the guest
 * driver does. Returns how many it took. */
static int
take(void)
{
	uint16_t used = fake_guest_used_idx(&g);
	uint64_t one = 1;
	int n = 0;

	while (used_seen != used) {
		uint32_t id, len;
		const uint8_t *p;

		fake_guest_used(&g, used_seen++, &id, &len);
		CHECK_EQ(len, 8);
		p = fake_guest_ptr(&g, BUF_GPA + 8 * id);
		if (ngot < MAX_EVENTS) {
			got[ngot].type = le16toh(*(const uint16_t *)p);
			got[ngot].code = le16toh(*(const uint16_t *)(p + 2));
			got[ngot].value = (int32_t)le32toh(*(const uint32_t *)(p + 4));
			ngot++;
		}
		fake_guest_post(&g, id);
		n++;
	}
	if (n && write(kick_fd, &one, sizeof(one)) < 0)
		CHECK(false);
	return n;
}

/* Pumps (waiting up to wait_ms each time) and takes until nothing moves;
 * returns the PUMP_* bits seen. */
static int
run(int wait_ms)
{
	int bits = 0, idle = 0;

	while (idle < 3) {
		int rc = vdi_device_pump(d, wait_ms);

		CHECK(rc >= 0);
		bits |= rc > 0 ? rc : 0;
		idle = take() ? 0 : idle + 1;
	}
	return bits;
}

/* Pushes one frame of n (type, code, value) triples and a SYN_REPORT. */
static void
push_frame(int n, const int *triples)
{
	int i;

	for (i = 0; i < n; i++)
		fake_source_push(src, triples[3 * i], triples[3 * i + 1], triples[3 * i + 2]);
	fake_source_push(src, EV_SYN, SYN_REPORT, 0);
}

/* Checks that got[from..] is exactly the n triples. */
static void
expect(int from, int n, const int *triples)
{
	int i;

	CHECK_EQ(ngot - from, n);
	for (i = 0; i < n && from + i < ngot; i++) {
		CHECK_EQ(got[from + i].type, triples[3 * i]);
		CHECK_EQ(got[from + i].code, triples[3 * i + 1]);
		CHECK_EQ(got[from + i].value, triples[3 * i + 2]);
	}
}

static uint64_t
counter(enum vdi_counter which)
{
	uint64_t all[VDI_COUNTER_COUNT];

	vdi_device_counters(d, all, VDI_COUNTER_COUNT);
	return all[which];
}

static void
test_tracking_ids_that_change_without_a_lift_pass_unchanged(void)
{
	static const int first[] = { EV_ABS, ABS_MT_SLOT, 1, EV_ABS, ABS_MT_TRACKING_ID, 5,
				     EV_ABS, ABS_MT_POSITION_X, 10 };
	static const int second[] = { EV_ABS, ABS_MT_TRACKING_ID, 7, EV_ABS, ABS_MT_POSITION_X,
				      11 };
	static const int want[] = { EV_ABS, ABS_MT_SLOT, 1, EV_ABS, ABS_MT_TRACKING_ID, 5,
				    EV_ABS, ABS_MT_POSITION_X, 10, EV_SYN, SYN_REPORT, 0,
				    EV_ABS, ABS_MT_TRACKING_ID, 7, EV_ABS, ABS_MT_POSITION_X, 11,
				    EV_SYN, SYN_REPORT, 0 };

	setup(4, 0);
	push_frame(3, first);
	fake_source_tick(src, 8 * MS);
	push_frame(2, second);
	run(0);
	expect(0, 7, want);
	teardown();
}

static void
test_resync_split_across_read_batches(void)
{
	static const int a_down[] = { EV_KEY, KEY_A, 1 };
	static const int b_down[] = { EV_KEY, KEY_B, 1 };
	static const int d_down[] = { EV_KEY, KEY_D, 1 };
	/* B's frame, then D's (read after the drop, so before the state is
	 * read), then the resync to the device's state. */
	static const int want[] = { EV_KEY, KEY_B, 1, EV_SYN, SYN_REPORT, 0,
				    EV_KEY, KEY_D, 1, EV_SYN, SYN_REPORT, 0,
				    EV_KEY, KEY_E, 1, EV_KEY, KEY_A, 0, EV_KEY, KEY_C, 1,
				    EV_SYN, SYN_REPORT, 0 }; /* in code order */
	int before;

	setup(64, 0);
	push_frame(1, a_down);
	run(0);
	CHECK_EQ(ngot, 2);
	before = ngot;

	src->read_limit = 2;
	push_frame(1, b_down);
	fake_source_push(src, EV_SYN, SYN_DROPPED, 0);
	fake_source_push(src, EV_KEY, KEY_C, 1); /* the damaged frame */
	fake_source_push(src, EV_SYN, SYN_REPORT, 0);
	push_frame(1, d_down);
	state_set_bit(src->state.key, KEY_B, true);
	state_set_bit(src->state.key, KEY_C, true);
	state_set_bit(src->state.key, KEY_D, true);
	state_set_bit(src->state.key, KEY_E, true);
	run(0);
	expect(before, 8, want);
	CHECK_EQ(src->snapshots, 1);
	CHECK_EQ(counter(VDI_SYN_DROPPED), 1);
	CHECK_EQ(counter(VDI_RESYNCS), 1);
	teardown();
}

static void
test_a_release_in_the_partial_frame_before_syn_dropped_is_regenerated(void)
{
	static const int a_down[] = { EV_KEY, KEY_A, 1 };
	static const int want[] = { EV_KEY, KEY_A, 0, EV_SYN, SYN_REPORT, 0 };

	setup(4, 0);
	push_frame(1, a_down);
	run(0);
	CHECK_EQ(ngot, 2);
	fake_source_push(src, EV_KEY, KEY_A, 0); /* its SYN_REPORT was lost */
	fake_source_push(src, EV_SYN, SYN_DROPPED, 0);
	fake_source_push(src, EV_KEY, KEY_X, 1);
	fake_source_push(src, EV_SYN, SYN_REPORT, 0);
	run(0); /* the device's state: nothing down */
	expect(2, 2, want);
	teardown();
}

static void
test_a_restarted_ring_resyncs_keys_switches_axes_and_slots(void)
{
	static const int before[] = {
		EV_KEY, KEY_A, 1, EV_SW, SW_LID, 1, EV_ABS, ABS_X, 100,
		EV_ABS, ABS_MT_SLOT, 0, EV_ABS, ABS_MT_TRACKING_ID, 5, EV_ABS, ABS_MT_POSITION_X, 50,
		EV_ABS, ABS_MT_SLOT, 1, EV_ABS, ABS_MT_TRACKING_ID, 6, EV_ABS, ABS_MT_POSITION_X, 60,
	};
	static const int while_stopped[] = { EV_KEY, KEY_A, 0 };
	static const int want[] = {
		EV_ABS, ABS_MT_SLOT, 0, EV_ABS, ABS_MT_TRACKING_ID, -1,
		EV_ABS, ABS_MT_SLOT, 1, EV_ABS, ABS_MT_POSITION_X, 61,
		EV_ABS, ABS_MT_SLOT, 2, EV_ABS, ABS_MT_TRACKING_ID, 9,
		EV_ABS, ABS_MT_POSITION_X, 90, EV_ABS, ABS_MT_POSITION_Y, 91,
		EV_ABS, ABS_X, 200,
		EV_KEY, KEY_A, 0, EV_KEY, KEY_B, 1,
		EV_SW, SW_LID, 0, EV_SW, SW_TABLET_MODE, 1,
		EV_SYN, SYN_REPORT, 0,
	};
	struct input_state *s;
	int base, first;

	setup(4, 0);
	push_frame(9, before);
	run(0);
	CHECK_EQ(ngot, 10);
	first = ngot;

	/* QMP stop: the rings stop without a reset of the guest's driver. */
	base = vdi_device_get_vring_base(d, VIRTIO_INPUT_EVENTQ);
	CHECK(base >= 0);
	CHECK_EQ(run(0) & (PUMP_RING_STOPPED | PUMP_RING_STARTED), PUMP_RING_STOPPED);
	push_frame(1, while_stopped);
	run(0);
	CHECK_EQ(ngot, first); /* discarded */

	s = &src->state;
	state_set_bit(s->key, KEY_B, true);
	state_set_bit(s->sw, SW_TABLET_MODE, true);
	s->abs[ABS_X] = 200;
	s->mt[0][ABS_MT_POSITION_X - STATE_MT_FIRST] = 50;
	s->mt[1][ABS_MT_TRACKING_ID - STATE_MT_FIRST] = 6;
	s->mt[1][ABS_MT_POSITION_X - STATE_MT_FIRST] = 61;
	s->mt[2][ABS_MT_TRACKING_ID - STATE_MT_FIRST] = 9;
	s->mt[2][ABS_MT_POSITION_X - STATE_MT_FIRST] = 90;
	s->mt[2][ABS_MT_POSITION_Y - STATE_MT_FIRST] = 91;
	s->slot = 2;

	/* QMP cont: the same ring starts again where it stopped. */
	CHECK_EQ(start_ring(4, base), PUMP_RING_STARTED);
	run(0);
	expect(first, 14, want);
	CHECK_EQ(src->snapshots, 1);
	teardown();
}

static void
test_a_fresh_driver_starts_empty_without_a_resync(void)
{
	setup(4, 0);
	state_set_bit(src->state.key, KEY_A, true); /* held on the host */
	run(0);
	CHECK_EQ(ngot, 0);
	CHECK_EQ(src->snapshots, 0);
	teardown();
}

static void
test_input_from_before_the_ring_runs_is_never_delivered(void)
{
	static const int stale[] = { EV_KEY, KEY_S, 1 };
	static const int fresh[] = { EV_KEY, KEY_F, 1 };
	static const int want[] = { EV_KEY, KEY_F, 1, EV_SYN, SYN_REPORT, 0 };

	setup_device(4, 0);
	push_frame(1, stale);
	fake_source_push(src, EV_REL, REL_X, 3); /* a frame under way when the ring starts */
	run(0);
	CHECK_EQ(start_ring(4, 0), PUMP_RING_STARTED);
	fake_source_push(src, EV_REL, REL_Y, 4); /* its end */
	fake_source_push(src, EV_SYN, SYN_REPORT, 0);
	push_frame(1, fresh);
	run(0);
	expect(0, 2, want);
	CHECK_EQ(counter(VDI_EVENTS_DISCARDED), 5);
	teardown();
}

static void
test_a_broken_ring_stops_input_at_once_and_says_so_once(void)
{
	static const int key[] = { EV_KEY, KEY_K, 1 };
	struct vring_avail *avail;
	uint64_t discarded;
	int bits;

	setup(4, 0);
	avail = fake_guest_ptr(&g, g.avail_gpa);
	avail->idx = htole16(le16toh(avail->idx) + 100); /* more than the ring holds */
	push_frame(1, key);
	bits = run(0);
	CHECK(bits & PUMP_RING_BROKEN);
	CHECK(bits & PUMP_RING_STOPPED);
	CHECK_EQ(ngot, 0);

	discarded = counter(VDI_EVENTS_DISCARDED);
	push_frame(1, key);
	bits = run(0);
	CHECK_EQ(bits & (PUMP_RING_BROKEN | PUMP_RING_STOPPED), 0);
	CHECK_EQ(ngot, 0);
	CHECK_EQ(counter(VDI_EVENTS_DISCARDED), discarded + 2);
	teardown();
}

static void
test_bursts_are_paced_and_frames_at_a_device_pace_are_not(void)
{
	static const int key[] = { EV_KEY, KEY_Q, 1 };
	static const int up[] = { EV_KEY, KEY_Q, 0 };
	int i;

	/* 1,000 events/s after 32 at once: a 2-event frame every 2 ms. */
	setup(64, 1000);
	for (i = 0; i < 40; i++)
		push_frame(1, i % 2 ? up : key); /* one timestamp: written at once */
	run(0);
	/* The first frame is at a device's pace; 16 more spend the budget (a
	 * slow sanitized run may earn a frame or two more meanwhile). */
	CHECK(ngot >= 34 && ngot <= 40);
	CHECK(counter(VDI_FRAMES_PACED) >= 1);
	while (ngot < 80 && run(5) >= 0 && counter(VDI_PUMP_RETURNS) < 10000)
		;
	CHECK_EQ(ngot, 80);

	fake_source_tick(src, 100 * MS);
	ngot = 0;
	for (i = 0; i < 40; i++) {
		push_frame(1, i % 2 ? up : key);
		fake_source_tick(src, 1 * MS); /* a typist's pace, far apart */
	}
	run(0);
	CHECK_EQ(ngot, 80);
	teardown();
}

static void
test_what_queued_while_the_guest_stalled_comes_out_paced(void)
{
	static const int key[] = { EV_KEY, KEY_W, 1 };
	static const int up[] = { EV_KEY, KEY_W, 0 };
	struct timespec stall = { 0, PACING_STALL_NS + 10 * MS };
	int i;

	setup(4, 1000);
	/* The guest stops taking events (its vCPU does not run) while a
	 * typist's frames keep coming, far apart. */
	for (i = 0; i < 40; i++) {
		push_frame(1, i % 2 ? up : key);
		fake_source_tick(src, 5 * MS);
		CHECK(vdi_device_pump(d, 0) >= 0);
	}
	nanosleep(&stall, NULL);
	run(0);
	CHECK(ngot < 80); /* not all at once */
	CHECK_EQ(counter(VDI_GUEST_STALLS), 1);
	while (ngot < 80 && counter(VDI_PUMP_RETURNS) < 10000)
		run(5);
	CHECK_EQ(ngot, 80);
	for (i = 0; i < 80 && i < ngot; i += 2)
		CHECK_EQ(got[i].value, i / 2 % 2 ? 0 : 1);
	teardown();
}

static void
test_a_vanished_source_is_reported_once(void)
{
	int bits;

	setup(4, 0);
	src->gone = true;
	fake_source_push(src, EV_KEY, KEY_A, 1);
	bits = run(0);
	CHECK(bits & PUMP_DEVICE_GONE);
	CHECK(d->source == NULL);
	bits = run(0);
	CHECK_EQ(bits & PUMP_DEVICE_GONE, 0);
	vdi_device_destroy(d);
	fake_guest_fini(&g);
	close(kick_fd);
	close(call_fd);
}

int
main(void)
{
	RUN(test_tracking_ids_that_change_without_a_lift_pass_unchanged);
	RUN(test_resync_split_across_read_batches);
	RUN(test_a_release_in_the_partial_frame_before_syn_dropped_is_regenerated);
	RUN(test_a_restarted_ring_resyncs_keys_switches_axes_and_slots);
	RUN(test_a_fresh_driver_starts_empty_without_a_resync);
	RUN(test_input_from_before_the_ring_runs_is_never_delivered);
	RUN(test_a_broken_ring_stops_input_at_once_and_says_so_once);
	RUN(test_bursts_are_paced_and_frames_at_a_device_pace_are_not);
	RUN(test_what_queued_while_the_guest_stalled_comes_out_paced);
	RUN(test_a_vanished_source_is_reported_once);
	return check_result();
}
