/* floor_reader.c: the benchmark's floor, a direct epoll reader of one evdev file that timestamps every frame. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

/*
 * The least any reader of an evdev device must do per frame: one epoll
 * wake-up and one read(2). Edge-triggered, and a read that returns less
 * than asked for means evdev's queue is empty, so no read ends in EAGAIN,
 * and no level-triggered re-check polls the device (on FUSE each is a round
 * trip). It reads raw struct input_event, not through libevdev, which hides
 * short reads and so needs one more read per wake-up (see BENCHMARKS.md).
 *
 * Output on stdout, little-endian, for the Java side (FloorReader.java):
 *   header  "FLOOR001" then u64 0, once the device is open and watched;
 *   record  s32 seq, u32 events, s64 ns  per SYN_REPORT: seq is the frame's
 *           number, its last REL_X value or, for a key frame, 2 * code - 1
 *           for a press and 2 * code for a release (KeyFrames.java), 0 if
 *           neither; events counts the frame's events
 *           including the SYN_REPORT, ns is CLOCK_MONOTONIC right after the
 *           read(2) that returned it;
 *   trailer s32 -1, u32 0, s64 0, then u64 reads, u64 syn_dropped, u64 events.
 * Records are buffered and written RECORDS_PER_WRITE at a time, or once the
 * device has been quiet for FLUSH_AFTER_MS, so output costs no syscall per
 * frame yet the benchmark sees the last frames soon. It stops when stdin
 * reaches end of file, after reading what the device still holds.
 *
 * With --relay it writes each read's records at once instead, so the
 * benchmark can time the frames on arrival in its own process: the floor
 * plus one hop to another process, the least a backend adds.
 */

/* As many as fit: fewer reads when the device holds a lot, as in the throughput run. */
#define EVENTS_PER_READ 1024
#define RECORDS_PER_WRITE 4096
#define FLUSH_AFTER_MS 100

struct record {
	int32_t seq;
	uint32_t events;
	int64_t ns;
};

struct reader {
	int fd;
	bool relay;
	struct record out[RECORDS_PER_WRITE];
	int nout;
	int32_t seq;
	uint32_t frame_events;
	uint64_t reads, syn_dropped, events;
};

/* Writes all of buf to stdout. Returns 0, or -errno. */
static int
write_all(const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes the buffered records. Returns 0, or -errno. */
static int
flush_records(struct reader *r)
{
	int rc = write_all(r->out, sizeof(r->out[0]) * (size_t)r->nout);

	r->nout = 0;
	return rc;
}

/* Returns CLOCK_MONOTONIC in nanoseconds, the clock of Java's System.nanoTime(). */
static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Reads once. Returns the number of events read, 0 if none were waiting, or -errno. */
static int
read_once(struct reader *r)
{
	static struct input_event ev[EVENTS_PER_READ];
	ssize_t n;
	int64_t t;
	int i, count, rc;

	n = read(r->fd, ev, sizeof(ev));
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	t = now_ns();
	r->reads++;
	count = (int)(n / (ssize_t)sizeof(ev[0]));
	for (i = 0; i < count; i++) {
		r->events++;
		r->frame_events++;
		if (ev[i].type == EV_REL && ev[i].code == REL_X)
			r->seq = ev[i].value;
		else if (ev[i].type == EV_KEY)
			r->seq = 2 * ev[i].code - (ev[i].value != 0);
		if (ev[i].type != EV_SYN)
			continue;
		if (ev[i].code == SYN_DROPPED) {
			r->syn_dropped++;
			r->frame_events = 0;
			continue;
		}
		if (ev[i].code != SYN_REPORT)
			continue;
		r->out[r->nout].seq = r->seq;
		r->out[r->nout].events = r->frame_events;
		r->out[r->nout].ns = t;
		r->seq = 0;
		r->frame_events = 0;
		if (++r->nout == RECORDS_PER_WRITE) {
			rc = flush_records(r);
			if (rc < 0)
				return rc;
		}
	}
	if (r->relay && r->nout > 0) {
		rc = flush_records(r);
		if (rc < 0)
			return rc;
	}
	return count;
}

/* Writes the end marker and the counters. Returns 0, or -errno. */
static int
write_trailer(struct reader *r)
{
	struct record end = { .seq = -1 };
	uint64_t counters[3] = { r->reads, r->syn_dropped, r->events };
	int rc;

	rc = flush_records(r);
	if (rc == 0)
		rc = write_all(&end, sizeof(end));
	if (rc == 0)
		rc = write_all(counters, sizeof(counters));
	return rc;
}

/* Runs the epoll loop until stdin ends. Returns 0, or -errno. */
static int
run(struct reader *r)
{
	static const char header[16] = "FLOOR001";
	struct epoll_event ev, ready[2];
	int ep, n, i, rc = 0;
	bool done = false;

	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return -errno;
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = r->fd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, r->fd, &ev) < 0) {
		rc = -errno;
		goto out;
	}
	ev.events = EPOLLIN;
	ev.data.fd = STDIN_FILENO;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, STDIN_FILENO, &ev) < 0) {
		rc = -errno;
		goto out;
	}
	rc = write_all(header, sizeof(header));
	while (rc == 0 && !done) {
		n = epoll_wait(ep, ready, 2, r->nout ? FLUSH_AFTER_MS : -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		if (n == 0)
			rc = flush_records(r);
		for (i = 0; i < n && rc == 0; i++) {
			if (ready[i].data.fd == r->fd) {
				/* a full read may have left more behind; a short one did not */
				while ((rc = read_once(r)) == EVENTS_PER_READ)
					;
				rc = rc < 0 ? rc : 0;
			} else {
				done = true;
			}
		}
	}
	/* stdin ended: take what the device still holds, then report. */
	while (rc == 0 && (rc = read_once(r)) > 0)
		;
	if (rc == 0)
		rc = write_trailer(r);
out:
	close(ep);
	return rc;
}

/* Returns 0 after a clean stop, 1 on a failure, 2 on bad usage. */
int
main(int argc, char **argv)
{
	struct reader *r;
	int rc;

	bool relay = argc == 3 && strcmp(argv[1], "--relay") == 0;

	if (argc != 2 && !relay) {
		fprintf(stderr, "usage: %s [--relay] DEVICE\n", argv[0]);
		return 2;
	}
	/* Never outlive the benchmark that reads our output. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "floor-reader: out of memory\n");
		return 1;
	}
	r->relay = relay;
	r->fd = open(argv[argc - 1], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (r->fd < 0) {
		fprintf(stderr, "floor-reader: %s: %s\n", argv[argc - 1], strerror(errno));
		free(r);
		return 1;
	}
	rc = run(r);
	if (rc < 0)
		fprintf(stderr, "floor-reader: %s: %s\n", argv[argc - 1], strerror(-rc));
	close(r->fd);
	free(r);
	return rc < 0 ? 1 : 0;
}
