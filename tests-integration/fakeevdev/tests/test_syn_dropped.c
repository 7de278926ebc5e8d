/* test_syn_dropped.c: overflow and forced drops give SYN_DROPPED, and libevdev resyncs to the truth. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define KEYBOARD 0
#define TOUCH 1

struct sync_result {
	unsigned int normal;  /* events read normally */
	unsigned int dropped; /* SYN_DROPPED seen */
	struct ev synced[64]; /* what libevdev emitted to resync */
	unsigned int nsynced;
};

/* @return nothing; reads everything queued, following libevdev's resync */
static void
drain(struct libevdev *dev, struct sync_result *r)
{
	struct input_event ev;
	int rc;

	memset(r, 0, sizeof(*r));
	for (;;) {
		rc = libevdev_next_event(dev, LIBEVDEV_READ_FLAG_NORMAL, &ev);
		if (rc == LIBEVDEV_READ_STATUS_SUCCESS) {
			r->normal++;
			continue;
		}
		if (rc != LIBEVDEV_READ_STATUS_SYNC)
			break;
		r->dropped++;
		while ((rc = libevdev_next_event(dev, LIBEVDEV_READ_FLAG_SYNC, &ev)) ==
		       LIBEVDEV_READ_STATUS_SYNC) {
			if (r->nsynced < LEN(r->synced))
				r->synced[r->nsynced++] = (struct ev){ ev.type, ev.code, ev.value };
		}
	}
	CHECK(rc == -EAGAIN, "libevdev_next_event ended with %d (%s)", rc, strerror(-rc));
}

/* @return whether the resync emitted event e */
static bool
synced(const struct sync_result *r, struct ev e)
{
	for (unsigned int i = 0; i < r->nsynced; i++) {
		if (r->synced[i].type == e.type && r->synced[i].code == e.code &&
		    r->synced[i].value == e.value)
			return true;
	}
	return false;
}

static void
test_keyboard_overflow(struct fixture *f)
{
	static const struct ev press_a[] = { { EV_KEY, KEY_A, 1 }, { EV_SYN, SYN_REPORT, 0 } };
	static const struct ev press_c[] = { { EV_KEY, KEY_C, 1 }, { EV_SYN, SYN_REPORT, 0 } };
	static const struct ev after[] = { { EV_KEY, KEY_C, 0 }, { EV_SYN, SYN_REPORT, 0 } };
	struct fev_client_status clients[16];
	struct ev taps[400];
	struct sync_result r;
	int fd;
	struct libevdev *dev = open_evdev(fixture_path(f, KEYBOARD), O_RDONLY | O_NONBLOCK, &fd);

	CHECK_INT(status_of(f, KEYBOARD, NULL).bufsize, 64);
	for (int i = 0; i < 100; i++) {
		taps[4 * i] = (struct ev){ EV_KEY, KEY_B, 1 };
		taps[4 * i + 1] = (struct ev){ EV_SYN, SYN_REPORT, 0 };
		taps[4 * i + 2] = (struct ev){ EV_KEY, KEY_B, 0 };
		taps[4 * i + 3] = (struct ev){ EV_SYN, SYN_REPORT, 0 };
	}
	/* 403 events into a 64-event queue nobody reads */
	inject(f, KEYBOARD, press_a, LEN(press_a));
	inject(f, KEYBOARD, taps, LEN(taps));
	inject(f, KEYBOARD, press_c, LEN(press_c));
	CHECK(status_of(f, KEYBOARD, clients).clients == 1 && clients[0].syn_dropped >= 1,
	      "the fixture should report a drop for the reader");

	drain(dev, &r);
	CHECK(r.dropped >= 1, "libevdev saw no SYN_DROPPED");
	CHECK_INT(libevdev_get_event_value(dev, EV_KEY, KEY_A), 1);
	CHECK_INT(libevdev_get_event_value(dev, EV_KEY, KEY_B), 0);
	CHECK_INT(libevdev_get_event_value(dev, EV_KEY, KEY_C), 1);

	/* after the resync, events flow normally */
	inject(f, KEYBOARD, after, LEN(after));
	expect_events(dev, after, LEN(after));
	close_evdev(dev, fd);
	pass("keyboard overflow: SYN_DROPPED, libevdev resyncs keys A=1 B=0 C=1 via EVIOCGKEY");
}

static void
test_forced_drop(struct fixture *f)
{
	static const struct ev changes[] = { { EV_KEY, KEY_A, 0 }, { EV_SYN, SYN_REPORT, 0 },
					     { EV_KEY, KEY_D, 1 }, { EV_SYN, SYN_REPORT, 0 } };
	static const struct ev cleanup[] = { { EV_KEY, KEY_D, 0 }, { EV_KEY, KEY_E, 0 },
					     { EV_KEY, KEY_F, 0 }, { EV_SYN, SYN_REPORT, 0 } };
	struct sync_result r;
	int fd, rc;
	struct libevdev *dev = open_evdev(fixture_path(f, KEYBOARD), O_RDONLY | O_NONBLOCK, &fd);

	/* libevdev starts from A=1; the changes are lost to the drop */
	inject(f, KEYBOARD, changes, LEN(changes));
	rc = fev_ctl_drop(f->ctl, KEYBOARD);
	CHECK(rc == 0, "drop: %s", strerror(-rc));
	drain(dev, &r);
	CHECK_INT(r.dropped, 1);
	CHECK_INT(r.normal, 0);
	CHECK(synced(&r, (struct ev){ EV_KEY, KEY_A, 0 }) &&
		      synced(&r, (struct ev){ EV_KEY, KEY_D, 1 }),
	      "resync should emit KEY_A 0 and KEY_D 1 (%u sync events)", r.nsynced);
	CHECK_INT(libevdev_get_event_value(dev, EV_KEY, KEY_A), 0);
	CHECK_INT(libevdev_get_event_value(dev, EV_KEY, KEY_D), 1);

	/* SYN_DROPPED inside a batch drops at that point of the batch: what came
	 * before is discarded, what comes after is queued behind SYN_DROPPED */
	{
		static const struct ev batch[] = { { EV_KEY, KEY_E, 1 }, { EV_SYN, SYN_REPORT, 0 },
						   { EV_SYN, SYN_DROPPED, 0 }, { EV_KEY, KEY_F, 1 },
						   { EV_SYN, SYN_REPORT, 0 } };
		static const struct ev seen[] = { { EV_SYN, SYN_DROPPED, 0 }, { EV_KEY, KEY_F, 1 },
						  { EV_SYN, SYN_REPORT, 0 } };
		struct input_event raw[8];
		int rawfd = open(fixture_path(f, KEYBOARD), O_RDONLY | O_NONBLOCK | O_CLOEXEC);

		CHECK(rawfd >= 0, "open: %s", strerror(errno));
		inject(f, KEYBOARD, batch, LEN(batch));
		CHECK_INT(read(rawfd, raw, sizeof(raw)), (ssize_t)(LEN(seen) * sizeof(raw[0])));
		for (unsigned int i = 0; i < LEN(seen); i++)
			CHECK(raw[i].type == seen[i].type && raw[i].code == seen[i].code &&
				      raw[i].value == seen[i].value,
			      "event %u: %u %u %d", i, raw[i].type, raw[i].code, raw[i].value);
		close(rawfd);
		/* libevdev drops all after SYN_DROPPED and takes the state from the device */
		drain(dev, &r);
		CHECK_INT(r.dropped, 1);
		CHECK_INT(r.normal, 0);
		CHECK(synced(&r, (struct ev){ EV_KEY, KEY_E, 1 }) &&
			      synced(&r, (struct ev){ EV_KEY, KEY_F, 1 }),
		      "resync should emit KEY_E 1 and KEY_F 1");
	}
	inject(f, KEYBOARD, cleanup, LEN(cleanup));
	close_evdev(dev, fd);
	pass("forced drop: queue discarded, SYN_DROPPED next, resync A=0 D=1; drop inside a batch");
}

static void
test_multitouch_resync(struct fixture *f)
{
	static const struct ev touch[] = {
		{ EV_ABS, ABS_MT_SLOT, 0 },	    { EV_ABS, ABS_MT_TRACKING_ID, 11 },
		{ EV_ABS, ABS_MT_POSITION_X, 100 }, { EV_ABS, ABS_MT_POSITION_Y, 200 },
		{ EV_ABS, ABS_MT_SLOT, 1 },	    { EV_ABS, ABS_MT_TRACKING_ID, 12 },
		{ EV_ABS, ABS_MT_POSITION_X, 300 }, { EV_ABS, ABS_MT_POSITION_Y, 400 },
		{ EV_KEY, BTN_TOUCH, 1 },	    { EV_ABS, ABS_X, 100 },
		{ EV_ABS, ABS_Y, 200 },		    { EV_SYN, SYN_REPORT, 0 },
	};
	/* slot 0 moves and slot 1 lifts, but the reader misses it */
	static const struct ev missed[] = {
		{ EV_ABS, ABS_MT_SLOT, 0 },	    { EV_ABS, ABS_MT_POSITION_X, 150 },
		{ EV_ABS, ABS_MT_SLOT, 1 },	    { EV_ABS, ABS_MT_TRACKING_ID, -1 },
		{ EV_ABS, ABS_X, 150 },		    { EV_SYN, SYN_REPORT, 0 },
	};
	struct sync_result r;
	struct ev moves[600];
	int fd, rc;
	struct libevdev *dev = open_evdev(fixture_path(f, TOUCH), O_RDONLY | O_NONBLOCK, &fd);

	inject(f, TOUCH, touch, LEN(touch));
	drain(dev, &r);
	CHECK_INT(r.dropped, 0);
	CHECK_INT(libevdev_get_slot_value(dev, 1, ABS_MT_TRACKING_ID), 12);

	inject(f, TOUCH, missed, LEN(missed));
	rc = fev_ctl_drop(f->ctl, TOUCH);
	CHECK(rc == 0, "drop: %s", strerror(-rc));
	drain(dev, &r);
	CHECK_INT(r.dropped, 1);
	CHECK_INT(libevdev_get_slot_value(dev, 0, ABS_MT_TRACKING_ID), 11);
	CHECK_INT(libevdev_get_slot_value(dev, 0, ABS_MT_POSITION_X), 150);
	CHECK_INT(libevdev_get_slot_value(dev, 1, ABS_MT_TRACKING_ID), -1);
	CHECK_INT(libevdev_get_event_value(dev, EV_ABS, ABS_X), 150);

	/* a real overflow of the 512-event queue: 200 frames of 3 events, slot 0 moving */
	for (int i = 0; i < 200; i++) {
		moves[3 * i] = (struct ev){ EV_ABS, ABS_MT_POSITION_X, 1000 + i };
		moves[3 * i + 1] = (struct ev){ EV_ABS, ABS_X, 1000 + i };
		moves[3 * i + 2] = (struct ev){ EV_SYN, SYN_REPORT, 0 };
	}
	inject(f, TOUCH, (const struct ev[]){ { EV_ABS, ABS_MT_SLOT, 0 } }, 1);
	inject(f, TOUCH, moves, LEN(moves));
	CHECK_INT(status_of(f, TOUCH, NULL).bufsize, 512);
	drain(dev, &r);
	CHECK(r.dropped >= 1, "the MT queue should have overflowed");
	CHECK_INT(libevdev_get_slot_value(dev, 0, ABS_MT_POSITION_X), 1199);
	CHECK_INT(libevdev_get_slot_value(dev, 0, ABS_MT_TRACKING_ID), 11);
	CHECK_INT(libevdev_get_slot_value(dev, 1, ABS_MT_TRACKING_ID), -1);
	close_evdev(dev, fd);
	pass("multitouch: forced drop and real overflow resync slots via EVIOCGMTSLOTS");
}

struct reader {
	const char *path;
	unsigned int frames;
	unsigned int dropped;
	long long sum;
};

/* @return NULL; a thread that reads 5000 frames with libevdev, counting drops */
static void *
read_frames(void *arg)
{
	struct reader *r = arg;
	struct input_event ev;
	int fd, rc;
	struct libevdev *dev = open_evdev(r->path, O_RDONLY | O_NONBLOCK, &fd);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (r->frames < 5000) {
		CHECK(poll(&pfd, 1, 10000) == 1, "reader stalled after %u frames", r->frames);
		while ((rc = libevdev_next_event(dev, LIBEVDEV_READ_FLAG_NORMAL, &ev)) >= 0) {
			if (rc == LIBEVDEV_READ_STATUS_SYNC) {
				r->dropped++;
				continue;
			}
			if (ev.type == EV_REL)
				r->sum += ev.value;
			if (ev.type == EV_SYN && ev.code == SYN_REPORT)
				r->frames++;
		}
	}
	close_evdev(dev, fd);
	return NULL;
}

static void
test_lossless(void)
{
	static const char *const args[] = { "--device=mouse", "--lossless", "--bufsize=64", NULL };
	struct fixture f = { 0 };
	struct reader r = { 0 };
	struct ev *batch = calloc(10000, sizeof(*batch));
	long long want = 0;
	pthread_t th;

	CHECK(batch, "out of memory");
	fixture_start(&f, args);
	CHECK_INT(status_of(&f, 0, NULL).bufsize, 64);
	r.path = fixture_path(&f, 0);
	CHECK(pthread_create(&th, NULL, read_frames, &r) == 0, "pthread_create");
	for (int i = 0; i < 200 && status_of(&f, 0, NULL).clients == 0; i++)
		usleep(10000);
	CHECK_INT(status_of(&f, 0, NULL).clients, 1);
	for (int i = 0; i < 5000; i++) {
		batch[2 * i] = (struct ev){ EV_REL, REL_X, i % 100 + 1 };
		batch[2 * i + 1] = (struct ev){ EV_SYN, SYN_REPORT, 0 };
		want += i % 100 + 1;
	}
	/* 10000 events into a 64-event queue, in one request: it waits for the reader */
	inject(&f, 0, batch, 10000);
	pthread_join(th, NULL);
	CHECK_INT(r.dropped, 0);
	CHECK_INT(r.frames, 5000);
	CHECK_INT(r.sum, want);
	wait_for_clients(&f, 0, 0);
	pass("--lossless --bufsize=64: 5000 frames in one batch, none dropped");

	/* a reader that never reads holds injection up for 2 s, then loses events */
	{
		struct fev_client_status clients[16];
		struct timespec t0, t1;
		int fd = open(fixture_path(&f, 0), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		long ms;

		CHECK(fd >= 0, "open: %s", strerror(errno));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		inject(&f, 0, batch, 200);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		CHECK(ms >= 1900 && ms < 10000, "injection took %ld ms, expected about 2000", ms);
		CHECK(status_of(&f, 0, clients).clients == 1 && clients[0].syn_dropped >= 1,
		      "the idle reader should have lost events");
		close(fd);
	}
	fixture_stop(&f);
	free(batch);
	pass("--lossless: a reader that never reads delays injection 2 s, then overflows");
}

int
main(int argc, char **argv)
{
	static const char *const args[] = { "--device=keyboard", "--device=multitouch", NULL };
	struct fixture f = { 0 };

	harness_init(argc, argv);
	fixture_start(&f, args);
	test_keyboard_overflow(&f);
	test_forced_drop(&f);
	test_multitouch_resync(&f);
	fixture_stop(&f);
	test_lossless();
	return 0;
}
