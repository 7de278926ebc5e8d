/* test_vring.c: split-ring pops against hostile descriptors, batched publishing and notification rules. */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fake_guest.h"
#include "fdio.h"
#include "vring.h"

static struct fake_guest g;
static struct vring vq;
static struct vring_buffer buf;

#define BUF_GPA (FAKE_GPA + 0x40000)
#define TABLE_GPA (FAKE_GPA + 0x50000)

/* Sets up a fresh ring of num entries with no call fd. */
static void
ring(uint16_t num)
{
	CHECK_EQ(fake_guest_ring(&g, &vq, num, -1), 0);
}

static void
test_empty_ring_pops_nothing(void)
{
	ring(4);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 0);
}

static void
test_writable_buffer(void)
{
	ring(4);
	fake_guest_desc(&g, 2, BUF_GPA, 8, VRING_DESC_F_WRITE, 0);
	fake_guest_post(&g, 2);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK_EQ(buf.head, 2);
	CHECK(!buf.bad);
	CHECK_EQ(buf.nsegs, 1);
	CHECK_EQ(buf.total, 8);
	CHECK(buf.segs[0].ptr == g.mem.regions[0].host + (BUF_GPA - FAKE_GPA));
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 0);
}

static void
test_wrong_direction_is_bad(void)
{
	ring(4);
	fake_guest_desc(&g, 0, BUF_GPA, 8, 0, 0); /* device-readable on a device-writes queue */
	fake_guest_post(&g, 0);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(buf.bad);
	fake_guest_desc(&g, 1, BUF_GPA, 8, VRING_DESC_F_WRITE, 0);
	fake_guest_post(&g, 1);
	CHECK_EQ(vring_pop(&vq, &g.mem, false, &buf), 1);
	CHECK(buf.bad);
	CHECK_EQ(vq.bad_buffers, 2);
	CHECK(!vq.broken);
}

static void
test_address_outside_memory_is_bad(void)
{
	ring(4);
	fake_guest_desc(&g, 0, FAKE_GPA - 8, 8, VRING_DESC_F_WRITE, 0);
	fake_guest_desc(&g, 1, FAKE_GPA + FAKE_SIZE - 4, 8, VRING_DESC_F_WRITE, 0); /* straddles the end */
	fake_guest_desc(&g, 2, UINT64_MAX - 3, 8, VRING_DESC_F_WRITE, 0);            /* wraps */
	fake_guest_post(&g, 0);
	fake_guest_post(&g, 1);
	fake_guest_post(&g, 2);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
		CHECK(buf.bad);
	}
}

static void
test_loop_and_bad_next_are_bad(void)
{
	ring(4);
	fake_guest_desc(&g, 0, BUF_GPA, 4, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	fake_guest_desc(&g, 1, BUF_GPA + 4, 4, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
	fake_guest_post(&g, 0);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(buf.bad);

	fake_guest_desc(&g, 2, BUF_GPA, 4, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 7);
	fake_guest_post(&g, 2);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(buf.bad);
}

static void
test_scattered_buffer(void)
{
	ring(4);
	fake_guest_desc(&g, 0, BUF_GPA, 3, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 3);
	fake_guest_desc(&g, 3, BUF_GPA + 100, 5, VRING_DESC_F_WRITE, 0);
	fake_guest_post(&g, 0);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(!buf.bad);
	CHECK_EQ(buf.nsegs, 2);
	CHECK_EQ(buf.total, 8);
	CHECK(buf.segs[1].ptr == g.mem.regions[0].host + (BUF_GPA + 100 - FAKE_GPA));
}

static void
test_short_buffer_reports_its_size(void)
{
	ring(4);
	fake_guest_desc(&g, 0, BUF_GPA, 4, VRING_DESC_F_WRITE, 0);
	fake_guest_post(&g, 0);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(!buf.bad);
	CHECK_EQ(buf.total, 4);
}

static void
test_corrupt_avail_ring_breaks_the_ring(void)
{
	struct vring_avail *a;

	ring(4);
	fake_guest_post(&g, 9); /* head beyond the ring */
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), -EIO);
	CHECK(vq.broken);
	CHECK(!vring_running(&vq));
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 0);

	ring(4);
	a = fake_guest_ptr(&g, g.avail_gpa);
	a->idx = htole16(5); /* more available than the ring holds */
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), -EIO);
	CHECK(vq.broken);
}

/* Writes indirect descriptor i in the table at TABLE_GPA. */
static void
indirect_desc(int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	struct vring_desc *d = (struct vring_desc *)fake_guest_ptr(&g, TABLE_GPA) + i;

	d->addr = htole64(addr);
	d->len = htole32(len);
	d->flags = htole16(flags);
	d->next = htole16(next);
}

static void
test_indirect_tables(void)
{
	ring(4);
	indirect_desc(0, BUF_GPA, 2, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	indirect_desc(1, BUF_GPA + 8, 6, VRING_DESC_F_WRITE, 0);
	fake_guest_desc(&g, 0, TABLE_GPA, 2 * 16, VRING_DESC_F_INDIRECT, 0);
	fake_guest_post(&g, 0);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(!buf.bad);
	CHECK_EQ(buf.total, 8);
	CHECK_EQ(buf.nsegs, 2);

	/* Length not a multiple of a descriptor. */
	fake_guest_desc(&g, 1, TABLE_GPA, 20, VRING_DESC_F_INDIRECT, 0);
	/* Indirect together with NEXT. */
	fake_guest_desc(&g, 2, TABLE_GPA, 32, VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT, 0);
	/* Table outside guest memory. */
	fake_guest_desc(&g, 3, FAKE_GPA + FAKE_SIZE - 16, 32, VRING_DESC_F_INDIRECT, 0);
	fake_guest_post(&g, 1);
	fake_guest_post(&g, 2);
	fake_guest_post(&g, 3);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
		CHECK(buf.bad);
	}

	/* Nested indirect, and a loop inside a table. */
	ring(4);
	indirect_desc(0, TABLE_GPA, 32, VRING_DESC_F_INDIRECT, 0);
	fake_guest_desc(&g, 0, TABLE_GPA, 16, VRING_DESC_F_INDIRECT, 0);
	fake_guest_post(&g, 0);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(buf.bad);
	indirect_desc(0, BUF_GPA, 4, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	indirect_desc(1, BUF_GPA, 4, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
	fake_guest_desc(&g, 1, TABLE_GPA, 32, VRING_DESC_F_INDIRECT, 0);
	fake_guest_post(&g, 1);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(buf.bad);
	CHECK(!vq.broken);
}

/* Returns and resets the eventfd counter (0 if nothing was signalled). */
static int64_t
signals(int fd)
{
	int64_t n = fdio_eventfd_read(fd);

	return n == -EAGAIN ? 0 : n;
}

static void
test_one_publish_and_one_call_per_batch(void)
{
	int call = fdio_eventfd_create();
	uint32_t id, len;

	CHECK_EQ(fake_guest_ring(&g, &vq, 4, call), 0);
	for (uint16_t i = 0; i < 3; i++) {
		fake_guest_desc(&g, i, BUF_GPA + 8 * i, 8, VRING_DESC_F_WRITE, 0);
		fake_guest_post(&g, i);
	}
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
		vring_push(&vq, buf.head, 8);
		CHECK_EQ(fake_guest_used_idx(&g), 0); /* nothing visible before the flush */
	}
	CHECK_EQ(vring_flush(&vq), 1);
	CHECK_EQ(fake_guest_used_idx(&g), 3);
	CHECK_EQ(signals(call), 1);
	fake_guest_used(&g, 2, &id, &len);
	CHECK_EQ(id, 2);
	CHECK_EQ(len, 8);
	CHECK_EQ(vring_flush(&vq), 0); /* nothing new: no publish, no call */
	CHECK_EQ(signals(call), 0);

	/* The driver asked for no interrupts. */
	fake_guest_set_interrupts(&g, VRING_AVAIL_F_NO_INTERRUPT, 0);
	fake_guest_post(&g, 0);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	vring_push(&vq, buf.head, 8);
	CHECK_EQ(vring_flush(&vq), 0);
	CHECK_EQ(fake_guest_used_idx(&g), 4);
	CHECK_EQ(signals(call), 0);
	vring_release(&vq);
}

/* Pops and returns one buffer per call, n times, then flushes. Returns vring_flush(). */
static int
deliver(int n)
{
	for (int i = 0; i < n; i++) {
		fake_guest_post(&g, 0);
		CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
		vring_push(&vq, buf.head, 8);
	}
	return vring_flush(&vq);
}

static void
test_event_idx_notifications(void)
{
	int call = fdio_eventfd_create();

	vring_init(&vq);
	vq.event_idx = true;
	CHECK_EQ(fake_guest_ring(&g, &vq, 4, call), 0);
	vq.event_idx = true;
	CHECK_EQ(vring_map(&vq, &g.mem), 0);
	fake_guest_desc(&g, 0, BUF_GPA, 8, VRING_DESC_F_WRITE, 0);

	fake_guest_set_interrupts(&g, 0, 0);
	CHECK_EQ(deliver(1), 1); /* used 0 -> 1 crosses used_event 0 */
	fake_guest_set_interrupts(&g, 0, 5);
	CHECK_EQ(deliver(2), 0); /* 1 -> 3: not yet at 5 */
	CHECK_EQ(deliver(2), 0); /* 3 -> 5: used_event 5 not crossed (needs new > 5) */
	CHECK_EQ(deliver(1), 1); /* 5 -> 6 crosses it */
	CHECK_EQ(signals(call), 2);
	vring_release(&vq);
}

static void
test_need_event_truth_table(void)
{
	CHECK(vring_need_event(0, 1, 0));
	CHECK(!vring_need_event(0, 2, 1));
	CHECK(vring_need_event(1, 3, 1));
	CHECK(!vring_need_event(5, 5, 3));
	CHECK(vring_need_event(0xffff, 0, 0xfffe)); /* across the wrap */
	CHECK(!vring_need_event(0xfffd, 0, 0xfffe));
}

static void
test_kick_requests(void)
{
	ring(4);
	vring_no_kicks(&vq);
	CHECK(fake_guest_used_flags(&g) & VRING_USED_F_NO_NOTIFY);
	CHECK(!vring_want_kicks(&vq));
	CHECK(!(fake_guest_used_flags(&g) & VRING_USED_F_NO_NOTIFY));
	fake_guest_desc(&g, 0, BUF_GPA, 8, VRING_DESC_F_WRITE, 0);
	fake_guest_post(&g, 0);
	CHECK(vring_want_kicks(&vq)); /* a buffer is there already: pop it, no kick will come */

	vring_init(&vq);
	CHECK_EQ(fake_guest_ring(&g, &vq, 4, -1), 0);
	vq.event_idx = true;
	CHECK_EQ(vring_map(&vq, &g.mem), 0);
	fake_guest_desc(&g, 0, BUF_GPA, 8, VRING_DESC_F_WRITE, 0);
	fake_guest_post(&g, 0);
	fake_guest_post(&g, 0);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK_EQ(vring_pop(&vq, &g.mem, true, &buf), 1);
	CHECK(!vring_want_kicks(&vq));
	CHECK_EQ(fake_guest_avail_event(&g), 2); /* kick when the driver adds entry 2 */
}

static void
test_map_checks_addresses(void)
{
	ring(4);
	vq.desc_uaddr = FAKE_UADDR + FAKE_SIZE - 32; /* 64 bytes needed */
	CHECK_EQ(vring_map(&vq, &g.mem), -EFAULT);
	CHECK(!vring_running(&vq));
	vq.desc_uaddr = FAKE_UADDR + 0x1008; /* misaligned */
	CHECK_EQ(vring_map(&vq, &g.mem), -EINVAL);
	vq.desc_uaddr = FAKE_GPA + 0x1000; /* a guest-physical address, not a front-end one */
	CHECK_EQ(vring_map(&vq, &g.mem), -EFAULT);
	vq.num = 0;
	CHECK_EQ(vring_map(&vq, &g.mem), -EINVAL);
}

int
main(void)
{
	if (fake_guest_init(&g) < 0) {
		fprintf(stderr, "cannot create the fake guest\n");
		return 1;
	}
	RUN(test_empty_ring_pops_nothing);
	RUN(test_writable_buffer);
	RUN(test_wrong_direction_is_bad);
	RUN(test_address_outside_memory_is_bad);
	RUN(test_loop_and_bad_next_are_bad);
	RUN(test_scattered_buffer);
	RUN(test_short_buffer_reports_its_size);
	RUN(test_corrupt_avail_ring_breaks_the_ring);
	RUN(test_indirect_tables);
	RUN(test_one_publish_and_one_call_per_batch);
	RUN(test_event_idx_notifications);
	RUN(test_need_event_truth_table);
	RUN(test_kick_requests);
	RUN(test_map_checks_addresses);
	fake_guest_fini(&g);
	return check_result();
}
