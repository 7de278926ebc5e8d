/* test_leds.c: client writes (LEDs, EVIOCSREP) are recorded, set EVIOCGLED, reach other clients. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "harness.h"

#define KEYBOARD 0

static struct fixture f;

/* @return nothing; checks the fixture recorded exactly these writes since the last take */
static void
expect_writes(const struct ev *expected, size_t n)
{
	struct fev_event *got;
	size_t ngot;
	int rc = fev_ctl_take_writes(f.ctl, KEYBOARD, &got, &ngot);

	CHECK(rc == 0, "take writes: %s", strerror(-rc));
	CHECK_INT(ngot, n);
	for (size_t i = 0; i < n; i++) {
		CHECK(got[i].type == expected[i].type && got[i].code == expected[i].code &&
			      got[i].value == expected[i].value,
		      "write %zu: %u %u %d, expected %u %u %d", i, got[i].type, got[i].code,
		      got[i].value, expected[i].type, expected[i].code, expected[i].value);
	}
	free(got);
}

static void
test_led_writes(void)
{
	static const struct ev capslock[] = { { EV_LED, LED_CAPSL, 1 }, { EV_SYN, SYN_REPORT, 0 } };
	static const struct ev two[] = { { EV_LED, LED_NUML, 1 }, { EV_LED, LED_SCROLLL, 1 },
					 { EV_SYN, SYN_REPORT, 0 } };
	int fda, fdb, fdc;
	struct libevdev *a = open_evdev(fixture_path(&f, KEYBOARD), O_RDONLY | O_NONBLOCK, &fda);
	struct libevdev *b = open_evdev(fixture_path(&f, KEYBOARD), O_RDWR | O_NONBLOCK, &fdb);
	struct libevdev *c;
	unsigned long leds[1]; /* LED_CNT bits */

	CHECK_INT(libevdev_get_event_value(a, EV_LED, LED_CAPSL), 0);
	CHECK_INT(libevdev_kernel_set_led_value(b, LED_CAPSL, LIBEVDEV_LED_ON), 0);
	expect_writes(capslock, LEN(capslock));
	/* delivered like input_inject_event(): to every client, the writer too */
	expect_events(a, capslock, LEN(capslock));
	expect_events(b, capslock, LEN(capslock));

	CHECK_INT(libevdev_kernel_set_led_values(b, LED_NUML, LIBEVDEV_LED_ON, LED_SCROLLL,
						  LIBEVDEV_LED_ON, -1),
		  0);
	expect_writes(two, LEN(two));
	expect_events(a, two, LEN(two));

	/* the state is the device's: a new client reads it with EVIOCGLED */
	c = open_evdev(fixture_path(&f, KEYBOARD), O_RDONLY | O_NONBLOCK, &fdc);
	CHECK_INT(libevdev_get_event_value(c, EV_LED, LED_CAPSL), 1);
	CHECK_INT(libevdev_get_event_value(c, EV_LED, LED_NUML), 1);
	CHECK_INT(libevdev_get_event_value(c, EV_LED, LED_SCROLLL), 1);
	CHECK_INT(libevdev_get_event_value(c, EV_LED, LED_COMPOSE), 0);
	memset(leds, 0, sizeof(leds));
	CHECK(ioctl(fdc, EVIOCGLED(sizeof(leds)), leds) >= 0, "EVIOCGLED: %s", strerror(errno));
	CHECK_INT(leds[0], (1UL << LED_NUML) | (1UL << LED_CAPSL) | (1UL << LED_SCROLLL));

	close_evdev(a, fda);
	close_evdev(b, fdb);
	close_evdev(c, fdc);
	pass("LED writes: recorded exactly, visible in EVIOCGLED, delivered to every client");
}

static void
test_raw_writes(void)
{
	struct input_event raw[3] = {
		{ .type = EV_LED, .code = LED_CAPSL, .value = 1 }, /* already on: filtered */
		{ .type = EV_REL, .code = REL_X, .value = 4 },	    /* not a keyboard code */
		{ .type = EV_SYN, .code = SYN_REPORT },
	};
	static const struct ev recorded[] = { { EV_LED, LED_CAPSL, 1 },
					      { EV_REL, REL_X, 4 },
					      { EV_SYN, SYN_REPORT, 0 } };
	static const struct ev off[] = { { EV_LED, LED_CAPSL, 0 }, { EV_SYN, SYN_REPORT, 0 } };
	int fdr;
	struct libevdev *reader =
		open_evdev(fixture_path(&f, KEYBOARD), O_RDONLY | O_NONBLOCK, &fdr);
	int fd = open(fixture_path(&f, KEYBOARD), O_WRONLY | O_CLOEXEC);

	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK_INT(write(fd, raw, sizeof(raw)), (ssize_t)sizeof(raw));
	/* recorded as written, but the input core lets none of it through */
	expect_writes(recorded, LEN(recorded));
	expect_no_event(reader);

	CHECK(write(fd, raw, 10) < 0 && errno == EINVAL, "a write under 24 bytes: EINVAL");
	raw[0].value = 0;
	/* whole events only: 30 bytes write one event */
	CHECK_INT(write(fd, raw, 30), (ssize_t)sizeof(struct input_event));
	CHECK_INT(write(fd, &raw[2], sizeof(raw[2])), (ssize_t)sizeof(raw[2]));
	expect_writes(off, LEN(off));
	expect_events(reader, off, LEN(off));
	close(fd);
	close_evdev(reader, fdr);
	pass("raw writes: recorded as written, filtered like the input core, EINVAL under 24 B");
}

static void
test_set_repeat(void)
{
	static const struct ev rep[] = { { EV_REP, REP_DELAY, 400 }, { EV_REP, REP_PERIOD, 40 } };
	int values[2] = { 400, 40 };
	int fdr, fd;
	struct libevdev *reader =
		open_evdev(fixture_path(&f, KEYBOARD), O_RDONLY | O_NONBLOCK, &fdr);
	struct input_event ev;

	fd = open(fixture_path(&f, KEYBOARD), O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK(ioctl(fd, EVIOCSREP, values) == 0, "EVIOCSREP: %s", strerror(errno));
	expect_writes(rep, LEN(rep));
	values[0] = values[1] = 0;
	CHECK(ioctl(fd, EVIOCGREP, values) == 0, "EVIOCGREP: %s", strerror(errno));
	CHECK(values[0] == 400 && values[1] == 40, "EVIOCGREP gives %d %d", values[0], values[1]);
	/* input_inject_event() passes EV_REP on at once; the frame ends at the next SYN_REPORT */
	CHECK_INT(libevdev_next_event(reader, LIBEVDEV_READ_FLAG_NORMAL, &ev), -EAGAIN);
	close(fd);
	close_evdev(reader, fdr);
	pass("EVIOCSREP: recorded as EV_REP writes, EVIOCGREP reflects it");
}

static void
test_writes_survive_unplug(void)
{
	static const struct ev on[] = { { EV_LED, LED_KANA, 1 }, { EV_SYN, SYN_REPORT, 0 } };
	struct input_event raw[2] = { { .type = EV_LED, .code = LED_KANA, .value = 1 },
				      { .type = EV_SYN, .code = SYN_REPORT } };
	int fd = open(fixture_path(&f, KEYBOARD), O_WRONLY | O_CLOEXEC);
	int rc;

	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK_INT(write(fd, raw, sizeof(raw)), (ssize_t)sizeof(raw));
	close(fd);
	CHECK_INT(status_of(&f, KEYBOARD, NULL).writes, 2);
	rc = fev_ctl_unplug(f.ctl, KEYBOARD);
	CHECK(rc == 0, "unplug: %s", strerror(-rc));
	/* the record belongs to event0, not to the device that was unplugged */
	expect_writes(on, LEN(on));
	rc = fev_ctl_plug(f.ctl, KEYBOARD, NULL, NULL);
	CHECK(rc == 0, "replug: %s (%s)", strerror(-rc), fev_ctl_error(f.ctl));
	pass("recorded writes belong to the slot and outlive an unplug");
}

int
main(int argc, char **argv)
{
	static const char *const args[] = { "--device=keyboard", NULL };

	harness_init(argc, argv);
	fixture_start(&f, args);
	test_led_writes();
	test_raw_writes();
	test_set_repeat();
	test_writes_survive_unplug();
	fixture_stop(&f);
	return 0;
}
