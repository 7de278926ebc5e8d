/* test_events.c: injected events reach readers exactly, filtered and stamped as the input core does. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdint.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define KEYBOARD 0
#define MOUSE 1
#define TABLET 2
#define TOUCH 3

static struct fixture f;

/* @return microseconds of ts on its clock */
static long long
usec_of(const struct timeval *tv)
{
	return tv->tv_sec * 1000000LL + tv->tv_usec;
}

/* @return microseconds now on clock */
static long long
usec_now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void
test_keyboard_round_trip(void)
{
	static const struct ev frames[] = {
		{ EV_MSC, MSC_SCAN, 0x70004 }, { EV_KEY, KEY_A, 1 }, { EV_SYN, SYN_REPORT, 0 },
		{ EV_MSC, MSC_SCAN, 0x70004 }, { EV_KEY, KEY_A, 0 }, { EV_SYN, SYN_REPORT, 0 },
	};
	struct input_event raw[8];
	long long before, after;
	ssize_t n;
	int fd = open(fixture_path(&f, KEYBOARD), O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	CHECK(fd >= 0, "open: %s", strerror(errno));
	before = usec_now(CLOCK_REALTIME);
	inject(&f, KEYBOARD, frames, LEN(frames));
	after = usec_now(CLOCK_REALTIME);
	n = read(fd, raw, sizeof(raw));
	CHECK_INT(n, (ssize_t)(LEN(frames) * sizeof(struct input_event)));
	for (unsigned int i = 0; i < LEN(frames); i++) {
		CHECK(raw[i].type == frames[i].type && raw[i].code == frames[i].code &&
			      raw[i].value == frames[i].value,
		      "event %u: %u %u %d", i, raw[i].type, raw[i].code, raw[i].value);
		/* stamped at flush, like the kernel: within the inject call, one stamp per frame */
		CHECK(usec_of(&raw[i].time) >= before && usec_of(&raw[i].time) <= after,
		      "event %u stamped %lld, outside [%lld, %lld]", i, usec_of(&raw[i].time),
		      before, after);
		CHECK_INT(usec_of(&raw[i].time), usec_of(&raw[i / 3 * 3].time));
	}
	CHECK(read(fd, raw, sizeof(raw)) < 0 && errno == EAGAIN, "queue should be empty");
	close(fd);
	pass("keyboard: MSC_SCAN, KEY and SYN_REPORT round-trip exactly, stamped at flush");
}

static void
test_filtering(void)
{
	static const struct ev in[] = {
		{ EV_KEY, KEY_B, 1 },	   { EV_SYN, SYN_REPORT, 0 },
		/* the same value again: dropped, and the empty frame with it */
		{ EV_KEY, KEY_B, 1 },	   { EV_SYN, SYN_REPORT, 0 },
		{ EV_KEY, KEY_B, 2 },	   { EV_SYN, SYN_REPORT, 0 }, /* autorepeat passes */
		{ EV_REL, REL_X, 5 },	   { EV_SYN, SYN_REPORT, 0 }, /* not a keyboard code */
		{ EV_LED, LED_MISC, 1 },   { EV_SYN, SYN_REPORT, 0 }, /* LED the keyboard lacks */
		{ EV_KEY, BTN_LEFT, 1 },   { EV_KEY, KEY_B, 0 },      { EV_SYN, SYN_REPORT, 0 },
		{ EV_SYN, SYN_REPORT, 0 }, /* empty */
	};
	static const struct ev out[] = {
		{ EV_KEY, KEY_B, 1 }, { EV_SYN, SYN_REPORT, 0 }, { EV_KEY, KEY_B, 2 },
		{ EV_SYN, SYN_REPORT, 0 }, { EV_KEY, KEY_B, 0 }, { EV_SYN, SYN_REPORT, 0 },
	};
	int fd;
	struct libevdev *dev = open_evdev(fixture_path(&f, KEYBOARD), O_RDONLY | O_NONBLOCK, &fd);

	inject(&f, KEYBOARD, in, LEN(in));
	expect_events(dev, out, LEN(out));
	close_evdev(dev, fd);
	pass("filtering: repeated values, unsupported codes and empty frames are dropped");
}

static void
test_mouse_and_tablet(void)
{
	static const struct ev mouse_in[] = {
		{ EV_REL, REL_X, -5 },	   { EV_REL, REL_Y, 7 },
		{ EV_REL, REL_WHEEL, -1 }, { EV_REL, REL_HWHEEL, 1 },
		{ EV_SYN, SYN_REPORT, 0 }, { EV_REL, REL_X, 0 }, /* no motion: dropped */
		{ EV_SYN, SYN_REPORT, 0 }, { EV_KEY, BTN_LEFT, 1 },
		{ EV_REL, REL_X, INT32_MIN }, { EV_SYN, SYN_REPORT, 0 },
	};
	static const struct ev mouse_out[] = {
		{ EV_REL, REL_X, -5 },	   { EV_REL, REL_Y, 7 },
		{ EV_REL, REL_WHEEL, -1 }, { EV_REL, REL_HWHEEL, 1 },
		{ EV_SYN, SYN_REPORT, 0 }, { EV_KEY, BTN_LEFT, 1 },
		{ EV_REL, REL_X, INT32_MIN }, { EV_SYN, SYN_REPORT, 0 },
	};
	static const struct ev tablet_in[] = {
		{ EV_ABS, ABS_X, 1000 },   { EV_ABS, ABS_Y, 2000 },   { EV_KEY, BTN_TOUCH, 1 },
		{ EV_SYN, SYN_REPORT, 0 }, { EV_ABS, ABS_X, 1000 },   { EV_ABS, ABS_Y, 2500 },
		{ EV_SYN, SYN_REPORT, 0 }, { EV_KEY, BTN_TOUCH, 0 },  { EV_SYN, SYN_REPORT, 0 },
	};
	static const struct ev tablet_out[] = {
		{ EV_ABS, ABS_X, 1000 },   { EV_ABS, ABS_Y, 2000 }, { EV_KEY, BTN_TOUCH, 1 },
		{ EV_SYN, SYN_REPORT, 0 }, { EV_ABS, ABS_Y, 2500 }, { EV_SYN, SYN_REPORT, 0 },
		{ EV_KEY, BTN_TOUCH, 0 },  { EV_SYN, SYN_REPORT, 0 },
	};
	int fd;
	struct libevdev *dev = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fd);

	inject(&f, MOUSE, mouse_in, LEN(mouse_in));
	expect_events(dev, mouse_out, LEN(mouse_out));
	close_evdev(dev, fd);

	dev = open_evdev(fixture_path(&f, TABLET), O_RDONLY | O_NONBLOCK, &fd);
	inject(&f, TABLET, tablet_in, LEN(tablet_in));
	expect_events(dev, tablet_out, LEN(tablet_out));
	CHECK_INT(libevdev_get_event_value(dev, EV_ABS, ABS_Y), 2500);
	close_evdev(dev, fd);
	pass("mouse and tablet: signed REL values, REL 0 and repeated ABS values dropped");
}

static void
test_packet_without_syn_report(void)
{
	/* The keyboard's packet estimate is 8 events (input_estimate_events_per_packet()),
	 * so the input core holds at most 8 before it flushes them with a SYN_REPORT of
	 * its own, which has value 1. */
	static const struct ev in[] = {
		{ EV_KEY, KEY_1, 1 }, { EV_KEY, KEY_2, 1 }, { EV_KEY, KEY_3, 1 },
		{ EV_KEY, KEY_4, 1 }, { EV_KEY, KEY_5, 1 }, { EV_KEY, KEY_1, 0 },
		{ EV_KEY, KEY_2, 0 }, { EV_KEY, KEY_3, 0 }, { EV_KEY, KEY_4, 0 },
		{ EV_KEY, KEY_5, 0 }, { EV_SYN, SYN_REPORT, 0 },
	};
	static const struct ev out[] = {
		{ EV_KEY, KEY_1, 1 }, { EV_KEY, KEY_2, 1 },	 { EV_KEY, KEY_3, 1 },
		{ EV_KEY, KEY_4, 1 }, { EV_KEY, KEY_5, 1 },	 { EV_KEY, KEY_1, 0 },
		{ EV_KEY, KEY_2, 0 }, { EV_KEY, KEY_3, 0 },	 { EV_SYN, SYN_REPORT, 1 },
		{ EV_KEY, KEY_4, 0 }, { EV_KEY, KEY_5, 0 },	 { EV_SYN, SYN_REPORT, 0 },
	};
	int fd;
	struct libevdev *dev = open_evdev(fixture_path(&f, KEYBOARD), O_RDONLY | O_NONBLOCK, &fd);

	inject(&f, KEYBOARD, in, LEN(in));
	expect_events(dev, out, LEN(out));
	close_evdev(dev, fd);
	pass("a packet without SYN_REPORT is flushed at the estimate with SYN_REPORT value 1");
}

static void
test_multitouch(void)
{
	static const struct ev in[] = {
		{ EV_ABS, ABS_MT_SLOT, 0 },	    { EV_ABS, ABS_MT_TRACKING_ID, 11 },
		{ EV_ABS, ABS_MT_POSITION_X, 100 }, { EV_ABS, ABS_MT_SLOT, 1 },
		{ EV_ABS, ABS_MT_TRACKING_ID, 12 }, { EV_ABS, ABS_MT_POSITION_X, 300 },
		{ EV_KEY, BTN_TOUCH, 1 },	    { EV_SYN, SYN_REPORT, 0 },
		/* slot 1 is current; moving slot 0 needs a slot event, which the core inserts */
		{ EV_ABS, ABS_MT_SLOT, 0 },	    { EV_ABS, ABS_MT_POSITION_X, 150 },
		{ EV_ABS, ABS_MT_SLOT, 1 },	    { EV_ABS, ABS_MT_POSITION_X, 300 },
		{ EV_SYN, SYN_REPORT, 0 },
	};
	static const struct ev out[] = {
		{ EV_ABS, ABS_MT_TRACKING_ID, 11 }, { EV_ABS, ABS_MT_POSITION_X, 100 },
		{ EV_ABS, ABS_MT_SLOT, 1 },	    { EV_ABS, ABS_MT_TRACKING_ID, 12 },
		{ EV_ABS, ABS_MT_POSITION_X, 300 }, { EV_KEY, BTN_TOUCH, 1 },
		{ EV_SYN, SYN_REPORT, 0 },	    { EV_ABS, ABS_MT_SLOT, 0 },
		{ EV_ABS, ABS_MT_POSITION_X, 150 }, { EV_SYN, SYN_REPORT, 0 },
	};
	int fd;
	struct libevdev *dev = open_evdev(fixture_path(&f, TOUCH), O_RDONLY | O_NONBLOCK, &fd);

	inject(&f, TOUCH, in, LEN(in));
	expect_events(dev, out, LEN(out));
	CHECK_INT(libevdev_get_slot_value(dev, 0, ABS_MT_POSITION_X), 150);
	CHECK_INT(libevdev_get_slot_value(dev, 1, ABS_MT_TRACKING_ID), 12);
	close_evdev(dev, fd);
	pass("multitouch: slot events staged and inserted like input_handle_abs_event()");
}

static void
test_read_sizes_and_poll(void)
{
	static const struct ev partial[] = { { EV_REL, REL_X, 1 } };
	static const struct ev report[] = { { EV_SYN, SYN_REPORT, 0 } };
	struct input_event raw[4];
	struct pollfd pfd;
	int fd = open(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	CHECK(fd >= 0, "open: %s", strerror(errno));
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	CHECK_INT(poll(&pfd, 1, 0), 1);
	CHECK_INT(pfd.revents, POLLOUT);
	CHECK(read(fd, raw, sizeof(raw)) < 0 && errno == EAGAIN, "empty queue: EAGAIN");

	/* an unfinished frame is not readable */
	inject(&f, MOUSE, partial, 1);
	CHECK(read(fd, raw, sizeof(raw)) < 0 && errno == EAGAIN, "half a frame: EAGAIN");
	pfd.events = POLLIN;
	CHECK_INT(poll(&pfd, 1, 0), 0);
	inject(&f, MOUSE, report, 1);
	CHECK_INT(poll(&pfd, 1, 1000), 1);
	CHECK_INT(pfd.revents, POLLIN);

	CHECK(read(fd, raw, 10) < 0 && errno == EINVAL, "a read under 24 bytes: EINVAL");
	CHECK_INT(read(fd, raw, 30), (ssize_t)sizeof(struct input_event));
	CHECK(raw[0].type == EV_REL && raw[0].code == REL_X && raw[0].value == 1, "REL_X 1 first");
	CHECK_INT(read(fd, raw, sizeof(raw)), (ssize_t)sizeof(struct input_event));
	CHECK(raw[0].type == EV_SYN && raw[0].code == SYN_REPORT, "then SYN_REPORT");
	CHECK(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE, "not seekable, like evdev");
	close(fd);
	pass("reads: EAGAIN, half frames hidden, EINVAL under 24 bytes, whole events only; poll");
}

/* @return NULL; a thread that injects a key press 200 ms after it starts */
static void *
inject_later(void *arg)
{
	static const struct fev_event frame[] = { { EV_KEY, KEY_Q, 1 }, { EV_SYN, SYN_REPORT, 0 } };
	struct timespec ts = { 0, 200 * 1000000L };
	struct fev_ctl *ctl;

	(void)arg;
	nanosleep(&ts, NULL);
	/* its own connection: a connection serves one request at a time */
	CHECK(fev_ctl_connect(f.control, &ctl) == 0, "connect");
	CHECK(fev_ctl_inject(ctl, KEYBOARD, frame, LEN(frame)) == 0, "inject");
	fev_ctl_close(ctl);
	return NULL;
}

/* @return nothing; SIGALRM only has to interrupt the read */
static void
on_alarm(int sig)
{
	(void)sig;
}

static void
test_blocking_reads(void)
{
	static const struct ev release[] = { { EV_KEY, KEY_Q, 0 }, { EV_SYN, SYN_REPORT, 0 } };
	struct input_event raw[8];
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	struct itimerval timer = { .it_value = { 0, 200000 } };
	pthread_t th;
	long long t0;
	ssize_t n;
	int fd = open(fixture_path(&f, KEYBOARD), O_RDONLY | O_CLOEXEC);

	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK(pthread_create(&th, NULL, inject_later, NULL) == 0, "pthread_create");
	t0 = usec_now(CLOCK_MONOTONIC);
	n = read(fd, raw, sizeof(raw));
	CHECK_INT(n, 2 * (ssize_t)sizeof(struct input_event));
	CHECK(usec_now(CLOCK_MONOTONIC) - t0 >= 150000, "read returned before the injection");
	CHECK(raw[0].type == EV_KEY && raw[0].code == KEY_Q && raw[0].value == 1, "KEY_Q 1");
	pthread_join(th, NULL);

	/* a signal interrupts a parked read */
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &timer, NULL);
	n = read(fd, raw, sizeof(raw));
	CHECK(n < 0 && errno == EINTR, "read interrupted by SIGALRM: %zd (%s)", n, strerror(errno));

	/* and the file still works afterwards */
	inject(&f, KEYBOARD, release, LEN(release));
	CHECK_INT(read(fd, raw, sizeof(raw)), 2 * (ssize_t)sizeof(struct input_event));
	close(fd);
	pass("blocking reads: answered by a later injection; EINTR on a signal");
}

static void
test_clock_and_readers(void)
{
	static const struct ev frame[] = { { EV_REL, REL_Y, -3 }, { EV_SYN, SYN_REPORT, 0 } };
	int clock = CLOCK_MONOTONIC;
	struct input_event raw[4];
	long long before, after;
	int fd1, fd2;
	struct libevdev *a, *b;

	fd1 = open(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	CHECK(fd1 >= 0, "open: %s", strerror(errno));
	CHECK(ioctl(fd1, EVIOCSCLOCKID, &clock) == 0, "EVIOCSCLOCKID: %s", strerror(errno));
	clock = 12345;
	CHECK(ioctl(fd1, EVIOCSCLOCKID, &clock) < 0 && errno == EINVAL, "bad clock: EINVAL");
	before = usec_now(CLOCK_MONOTONIC);
	inject(&f, MOUSE, frame, LEN(frame));
	after = usec_now(CLOCK_MONOTONIC);
	CHECK_INT(read(fd1, raw, sizeof(raw)), 2 * (ssize_t)sizeof(struct input_event));
	CHECK(usec_of(&raw[0].time) >= before && usec_of(&raw[0].time) <= after,
	      "monotonic stamp %lld outside [%lld, %lld]", usec_of(&raw[0].time), before, after);
	close(fd1);

	/* every reader gets every event */
	a = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fd1);
	b = open_evdev(fixture_path(&f, MOUSE), O_RDWR | O_NONBLOCK, &fd2);
	wait_for_clients(&f, MOUSE, 2);
	inject(&f, MOUSE, frame, LEN(frame));
	expect_events(a, frame, LEN(frame));
	expect_events(b, frame, LEN(frame));
	close_evdev(a, fd1);
	close_evdev(b, fd2);
	wait_for_clients(&f, MOUSE, 0);
	pass("EVIOCSCLOCKID stamps on CLOCK_MONOTONIC; two readers each get every event");
}

static void
test_large_batch(void)
{
	/* 40 frames in one request: well under the mouse's 128-event queue */
	struct ev batch[80];
	int fd;
	struct libevdev *dev = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fd);

	for (int i = 0; i < 40; i++) {
		batch[2 * i] = (struct ev){ EV_REL, REL_X, i + 1 };
		batch[2 * i + 1] = (struct ev){ EV_SYN, SYN_REPORT, 0 };
	}
	inject(&f, MOUSE, batch, LEN(batch));
	CHECK_INT(status_of(&f, MOUSE, NULL).clients, 1);
	expect_events(dev, batch, LEN(batch));
	close_evdev(dev, fd);
	pass("a batch of 40 frames in one request arrives whole and in order");
}

int
main(int argc, char **argv)
{
	static const char *const args[] = { "--device=keyboard", "--device=mouse",
					     "--device=tablet", "--device=multitouch", NULL };

	harness_init(argc, argv);
	fixture_start(&f, args);
	test_keyboard_round_trip();
	test_filtering();
	test_mouse_and_tablet();
	test_packet_without_syn_report();
	test_multitouch();
	test_read_sizes_and_poll();
	test_blocking_reads();
	test_clock_and_readers();
	test_large_batch();
	fixture_stop(&f);
	return 0;
}
