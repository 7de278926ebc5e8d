/* test_capabilities.c: libevdev sees exactly what each profile and a definition file describe. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "harness.h"

/* A code range [first, last] of one event type. */
struct codes {
	unsigned int type;
	unsigned int first;
	unsigned int last;
};

struct absaxis {
	unsigned int code;
	struct input_absinfo info;
};

/* Written out here, not taken from profiles.c, so the test checks the fixture against the spec. */
struct expected {
	const char *name;
	const char *phys;
	const char *uniq; /* NULL: none */
	struct input_id id;
	unsigned int types[EV_CNT]; /* event types, terminated by 0 after the first */
	unsigned int ntypes;
	struct codes codes[16];
	unsigned int ncodes;
	unsigned int props[4];
	unsigned int nprops;
	struct absaxis abs[8];
	unsigned int nabs;
	int rep_delay, rep_period; /* -1: no EV_REP */
	int slots;                 /* libevdev_get_num_slots(): -1 without MT */
};

/* @return whether the expectation lists code of type */
static bool
expected_has(const struct expected *e, unsigned int type, unsigned int code)
{
	for (unsigned int i = 0; i < e->ncodes; i++) {
		const struct codes *r = &e->codes[i];

		if (r->type == type && code >= r->first && code <= r->last)
			return true;
	}
	for (unsigned int i = 0; type == EV_ABS && i < e->nabs; i++) {
		if (e->abs[i].code == code)
			return true;
	}
	return false;
}

/* @return nothing; checks every type, code, property, axis and string of dev */
static void
check_device(struct libevdev *dev, const struct expected *e)
{
	static const unsigned int coded[] = { EV_KEY, EV_REL, EV_ABS, EV_MSC,
					      EV_SW,  EV_LED, EV_SND, EV_FF };
	const char *uniq = libevdev_get_uniq(dev);

	CHECK(strcmp(libevdev_get_name(dev), e->name) == 0, "name \"%s\", expected \"%s\"",
	      libevdev_get_name(dev), e->name);
	CHECK(libevdev_get_phys(dev) && strcmp(libevdev_get_phys(dev), e->phys) == 0,
	      "phys \"%s\", expected \"%s\"", libevdev_get_phys(dev), e->phys);
	CHECK(e->uniq ? uniq && strcmp(uniq, e->uniq) == 0 : uniq == NULL,
	      "uniq \"%s\", expected \"%s\"", uniq ? uniq : "(none)", e->uniq ? e->uniq : "(none)");
	CHECK_INT(libevdev_get_id_bustype(dev), e->id.bustype);
	CHECK_INT(libevdev_get_id_vendor(dev), e->id.vendor);
	CHECK_INT(libevdev_get_id_product(dev), e->id.product);
	CHECK_INT(libevdev_get_id_version(dev), e->id.version);
	CHECK_INT(libevdev_get_driver_version(dev), EV_VERSION);

	for (unsigned int t = 0; t <= EV_MAX; t++) {
		bool want = t == EV_SYN;

		for (unsigned int i = 0; i < e->ntypes; i++)
			want |= e->types[i] == t;
		CHECK(libevdev_has_event_type(dev, t) == want, "%s: has type %d, expected %d",
		      libevdev_event_type_get_name(t), libevdev_has_event_type(dev, t), want);
	}
	for (unsigned int i = 0; i < LEN(coded); i++) {
		unsigned int type = coded[i];
		int max = libevdev_event_type_get_max(type);

		for (int code = 0; code <= max; code++) {
			bool want = expected_has(e, type, code);

			CHECK(libevdev_has_event_code(dev, type, code) == want,
			      "%s %s (%d): has %d, expected %d", libevdev_event_type_get_name(type),
			      libevdev_event_code_get_name(type, code), code,
			      libevdev_has_event_code(dev, type, code), want);
		}
	}
	for (unsigned int p = 0; p <= INPUT_PROP_MAX; p++) {
		bool want = false;

		for (unsigned int i = 0; i < e->nprops; i++)
			want |= e->props[i] == p;
		CHECK(libevdev_has_property(dev, p) == want, "property %u: has %d, expected %d", p,
		      libevdev_has_property(dev, p), want);
	}
	for (unsigned int i = 0; i < e->nabs; i++) {
		const struct input_absinfo *got = libevdev_get_abs_info(dev, e->abs[i].code);
		const struct input_absinfo *want = &e->abs[i].info;

		CHECK(got, "no absinfo for axis %u", e->abs[i].code);
		CHECK(got->minimum == want->minimum && got->maximum == want->maximum &&
			      got->fuzz == want->fuzz && got->flat == want->flat &&
			      got->resolution == want->resolution && got->value == want->value,
		      "%s: value %d min %d max %d fuzz %d flat %d res %d; "
		      "expected %d %d %d %d %d %d",
		      libevdev_event_code_get_name(EV_ABS, e->abs[i].code), got->value,
		      got->minimum, got->maximum, got->fuzz, got->flat, got->resolution,
		      want->value, want->minimum, want->maximum, want->fuzz, want->flat,
		      want->resolution);
	}
	if (e->rep_delay >= 0) {
		int delay, period;

		CHECK(libevdev_get_repeat(dev, &delay, &period) == 0, "no repeat settings");
		CHECK_INT(delay, e->rep_delay);
		CHECK_INT(period, e->rep_period);
	}
	CHECK_INT(libevdev_get_num_slots(dev), e->slots);
}

static const struct expected keyboard = {
	.name = "fakeevdev keyboard",
	.phys = "fakeevdev/input0",
	.uniq = "fakeevdev-keyboard",
	.id = { BUS_VIRTUAL, 0xfeed, 0x0001, 0x0001 },
	.types = { EV_KEY, EV_MSC, EV_LED, EV_REP },
	.ntypes = 4,
	.codes = { { EV_KEY, KEY_ESC, KEY_MICMUTE },
		   { EV_MSC, MSC_SCAN, MSC_SCAN },
		   { EV_LED, LED_NUML, LED_KANA } },
	.ncodes = 3,
	.rep_delay = 250,
	.rep_period = 33,
	.slots = -1,
};

static const struct expected mouse = {
	.name = "fakeevdev mouse",
	.phys = "fakeevdev/input1",
	.id = { BUS_VIRTUAL, 0xfeed, 0x0002, 0x0001 },
	.types = { EV_KEY, EV_REL },
	.ntypes = 2,
	.codes = { { EV_KEY, BTN_LEFT, BTN_EXTRA },
		   { EV_REL, REL_X, REL_Y },
		   { EV_REL, REL_HWHEEL, REL_HWHEEL },
		   { EV_REL, REL_WHEEL, REL_WHEEL } },
	.ncodes = 4,
	.props = { INPUT_PROP_POINTER },
	.nprops = 1,
	.rep_delay = -1,
	.slots = -1,
};

static const struct expected tablet = {
	.name = "fakeevdev tablet",
	.phys = "fakeevdev/input2",
	.id = { BUS_VIRTUAL, 0xfeed, 0x0003, 0x0001 },
	.types = { EV_KEY, EV_ABS },
	.ntypes = 2,
	.codes = { { EV_KEY, BTN_LEFT, BTN_MIDDLE }, { EV_KEY, BTN_TOUCH, BTN_TOUCH } },
	.ncodes = 2,
	.props = { INPUT_PROP_DIRECT },
	.nprops = 1,
	.abs = { { ABS_X, { .minimum = 0, .maximum = 32767, .resolution = 128 } },
		 { ABS_Y, { .minimum = 0, .maximum = 16383, .resolution = 128 } } },
	.nabs = 2,
	.rep_delay = -1,
	.slots = -1,
};

static const struct expected multitouch = {
	.name = "fakeevdev touchscreen",
	.phys = "fakeevdev/input3",
	.id = { BUS_VIRTUAL, 0xfeed, 0x0004, 0x0001 },
	.types = { EV_KEY, EV_ABS },
	.ntypes = 2,
	.codes = { { EV_KEY, BTN_TOUCH, BTN_TOUCH } },
	.ncodes = 1,
	.props = { INPUT_PROP_DIRECT },
	.nprops = 1,
	.abs = { { ABS_X, { .minimum = 0, .maximum = 32767, .resolution = 128 } },
		 { ABS_Y, { .minimum = 0, .maximum = 16383, .resolution = 128 } },
		 { ABS_MT_SLOT, { .minimum = 0, .maximum = 9 } },
		 { ABS_MT_TRACKING_ID, { .minimum = 0, .maximum = 65535 } },
		 { ABS_MT_POSITION_X, { .minimum = 0, .maximum = 32767, .resolution = 128 } },
		 { ABS_MT_POSITION_Y, { .minimum = 0, .maximum = 16383, .resolution = 128 } } },
	.nabs = 6,
	.rep_delay = -1,
	.slots = 10,
};

/* 300 bytes of name: the kernel passes as much as the caller's buffer takes. */
#define LONG_NAME_LEN 300

static const char definition_head[] =
	"# a device no profile has: every kind of capability\n"
	"phys \"usb-0000:00:14.0-4/input0\"\n"
	"uniq SN-0042\n"
	"id bustype=BUS_USB vendor=0x046d product=0xc077 version=0x0111\n"
	"prop INPUT_PROP_BUTTONPAD INPUT_PROP_POINTER\n"
	"key BTN_LEFT BTN_TOOL_FINGER-BTN_TOOL_QUINTTAP 0x2c0\n"
	"rel REL_DIAL\n"
	"abs ABS_X min=-100 max=100 fuzz=4 flat=8 res=12 value=7\n"
	"abs ABS_PRESSURE max=255\n"
	"abs ABS_MT_SLOT min=0 max=4\n"
	"abs ABS_MT_TRACKING_ID max=65535\n"
	"abs ABS_MT_POSITION_X min=0 max=1919 res=20\n"
	"msc MSC_SCAN MSC_TIMESTAMP\n"
	"sw SW_LID SW_TABLET_MODE\n"
	"led LED_MUTE\n"
	"snd SND_BELL\n"
	"ff FF_RUMBLE FF_GAIN\n"
	"event EV_PWR\n"
	"rep delay=500 period=20\n";

static const struct expected defined = {
	.phys = "usb-0000:00:14.0-4/input0",
	.uniq = "SN-0042",
	.id = { BUS_USB, 0x046d, 0xc077, 0x0111 },
	.types = { EV_KEY, EV_REL, EV_ABS, EV_MSC, EV_SW, EV_LED, EV_SND, EV_FF, EV_PWR, EV_REP },
	.ntypes = 10,
	.codes = { { EV_KEY, BTN_LEFT, BTN_LEFT },
		   { EV_KEY, BTN_TOOL_FINGER, BTN_TOOL_QUINTTAP },
		   { EV_KEY, BTN_TRIGGER_HAPPY1, BTN_TRIGGER_HAPPY1 },
		   { EV_REL, REL_DIAL, REL_DIAL },
		   { EV_MSC, MSC_SCAN, MSC_SCAN },
		   { EV_MSC, MSC_TIMESTAMP, MSC_TIMESTAMP },
		   { EV_SW, SW_LID, SW_LID },
		   { EV_SW, SW_TABLET_MODE, SW_TABLET_MODE },
		   { EV_LED, LED_MUTE, LED_MUTE },
		   { EV_SND, SND_BELL, SND_BELL },
		   { EV_FF, FF_RUMBLE, FF_RUMBLE },
		   { EV_FF, FF_GAIN, FF_GAIN } },
	.ncodes = 12,
	.props = { INPUT_PROP_POINTER, INPUT_PROP_BUTTONPAD },
	.nprops = 2,
	.abs = { { ABS_X, { .value = 7, .minimum = -100, .maximum = 100, .fuzz = 4, .flat = 8,
			    .resolution = 12 } },
		 { ABS_PRESSURE, { .maximum = 255 } },
		 { ABS_MT_SLOT, { .maximum = 4 } },
		 { ABS_MT_TRACKING_ID, { .maximum = 65535 } },
		 { ABS_MT_POSITION_X, { .maximum = 1919, .resolution = 20 } } },
	.nabs = 5,
	.rep_delay = 500,
	.rep_period = 20,
	.slots = 5,
};

static void
test_profiles(void)
{
	static const char *const args[] = { "--device=keyboard", "--device=mouse",
					     "--device=tablet", "--device=multitouch", NULL };
	const struct expected *profiles[] = { &keyboard, &mouse, &tablet, &multitouch };
	struct fixture f = { 0 };

	fixture_start(&f, args);
	for (unsigned int i = 0; i < LEN(profiles); i++) {
		int fd;
		struct libevdev *dev = open_evdev(fixture_path(&f, i), O_RDONLY | O_NONBLOCK, &fd);

		check_device(dev, profiles[i]);
		close_evdev(dev, fd);
	}
	fixture_stop(&f);
	pass("profiles: keyboard, mouse, tablet and multitouch as specified");
}

/* @return nothing; checks a device made from definition_head plus the long non-UTF-8 name */
static void
check_defined(const char *path, const char *name)
{
	struct expected e = defined;
	char prefix[256];
	char raw[512];
	int fd;
	struct libevdev *dev = open_evdev(path, O_RDONLY | O_NONBLOCK, &fd);
	int n;

	/* libevdev asks for 255 bytes and gets the name cut there, like from the kernel */
	memcpy(prefix, name, 255);
	prefix[255] = '\0';
	e.name = prefix;
	check_device(dev, &e);
	CHECK(memcmp(libevdev_get_name(dev), "caf\xe9 \xff\xfe", 7) == 0, "non-UTF-8 bytes lost");

	/* str_to_user(): a short buffer gets a cut name without NUL, a long one all of it */
	memset(raw, 'X', sizeof(raw));
	n = ioctl(fd, EVIOCGNAME(64), raw);
	CHECK_INT(n, 64);
	CHECK(memcmp(raw, name, 64) == 0 && raw[64] == 'X',
	      "EVIOCGNAME(64) is not the first 64 bytes");
	n = ioctl(fd, EVIOCGNAME(sizeof(raw)), raw);
	CHECK_INT(n, LONG_NAME_LEN + 1);
	CHECK(memcmp(raw, name, LONG_NAME_LEN + 1) == 0, "EVIOCGNAME(512) is not the whole name");

	/* slots start untouched: tracking id -1 */
	for (int s = 0; s < 5; s++)
		CHECK_INT(libevdev_get_slot_value(dev, s, ABS_MT_TRACKING_ID), -1);
	close_evdev(dev, fd);
}

static void
test_definition(void)
{
	struct fixture f = { 0 };
	char name[LONG_NAME_LEN + 1];
	char *text, *runtime_text;
	const char *file;
	const char *args[3];
	unsigned int index;
	int rc;

	/* "caf\xe9 \xff\xfe" then 'N' up to 300 bytes: long, and not UTF-8 */
	memcpy(name, "caf\xe9 \xff\xfe", 7);
	memset(name + 7, 'N', LONG_NAME_LEN - 7);
	name[LONG_NAME_LEN] = '\0';
	CHECK(asprintf(&text, "name \"caf\\xe9 \\xff\\xfe%s\"\n%s", name + 7, definition_head) > 0,
	      "asprintf");
	file = fixture_write_file(&f, "device.def", text);
	CHECK(asprintf((char **)&args[0], "--device=%s", file) > 0, "asprintf");
	args[1] = NULL;
	fixture_start(&f, args);
	check_defined(fixture_path(&f, 0), name);

	/* the same definition plugged at run time over the control socket */
	CHECK(asprintf(&runtime_text, "%s", text) > 0, "asprintf");
	rc = fev_ctl_plug(f.ctl, FEV_DEVICE_NEW, runtime_text, &index);
	CHECK(rc == 0, "plug: %s (%s)", strerror(-rc), fev_ctl_error(f.ctl));
	CHECK_INT(index, 1);
	/* phys is the definition's, so the device looks the same as event0 */
	check_defined(fixture_path(&f, 1), name);

	fixture_stop(&f);
	free(runtime_text);
	free((char *)args[0]);
	free(text);
	pass("definition file and runtime plug: long non-UTF-8 name, uniq, ids, absinfo, MT slots");
}

static void
test_defaults(void)
{
	static const char *const args[] = { "--device=keyboard", NULL };
	struct fixture f = { 0 };
	unsigned int index;
	int fd, rc;
	struct libevdev *dev;
	char buf[64];

	fixture_start(&f, args);
	/* an empty definition: only EV_SYN, BUS_VIRTUAL, no name, phys from the slot */
	rc = fev_ctl_plug(f.ctl, FEV_DEVICE_NEW, "# nothing\n", &index);
	CHECK(rc == 0, "plug: %s (%s)", strerror(-rc), fev_ctl_error(f.ctl));
	fd = open(fixture_path(&f, index), O_RDONLY | O_NONBLOCK);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK(ioctl(fd, EVIOCGNAME(sizeof(buf)), buf) < 0 && errno == ENOENT,
	      "EVIOCGNAME without a name should fail with ENOENT");
	CHECK(ioctl(fd, EVIOCGUNIQ(sizeof(buf)), buf) < 0 && errno == ENOENT,
	      "EVIOCGUNIQ without uniq should fail with ENOENT");
	CHECK(ioctl(fd, EVIOCGPHYS(sizeof(buf)), buf) > 0 && strcmp(buf, "fakeevdev/input1") == 0,
	      "default phys");
	/* evdev says ENOSYS, but FUSE turns every ENOSYS into ENOTTY (see the README) */
	CHECK(ioctl(fd, EVIOCGREP, buf) < 0 && errno == ENOTTY, "EVIOCGREP without EV_REP: ENOTTY");
	CHECK(ioctl(fd, EVIOCGBIT(EV_REP, sizeof(buf)), buf) < 0 && errno == EINVAL,
	      "EVIOCGBIT(EV_REP) is EINVAL, as in evdev");
	close(fd);

	/* "rep" alone gets the input core's soft-repeat defaults */
	rc = fev_ctl_plug(f.ctl, FEV_DEVICE_NEW, "name plain\nrep\nkey KEY_A\n", &index);
	CHECK(rc == 0, "plug: %s (%s)", strerror(-rc), fev_ctl_error(f.ctl));
	dev = open_evdev(fixture_path(&f, index), O_RDONLY | O_NONBLOCK, &fd);
	{
		int delay, period;

		CHECK(libevdev_get_repeat(dev, &delay, &period) == 0, "repeat");
		CHECK_INT(delay, 250);
		CHECK_INT(period, 33);
	}
	CHECK(strcmp(libevdev_get_name(dev), "plain") == 0, "bare one-word name");
	close_evdev(dev, fd);

	/* a profile as the base of a definition */
	rc = fev_ctl_plug(f.ctl, FEV_DEVICE_NEW,
			  "profile mouse\nname \"my mouse\"\nrel REL_WHEEL_HI_RES\n", &index);
	CHECK(rc == 0, "plug: %s (%s)", strerror(-rc), fev_ctl_error(f.ctl));
	dev = open_evdev(fixture_path(&f, index), O_RDONLY | O_NONBLOCK, &fd);
	CHECK(strcmp(libevdev_get_name(dev), "my mouse") == 0, "name over the profile's");
	CHECK(libevdev_has_event_code(dev, EV_REL, REL_WHEEL_HI_RES) &&
		      libevdev_has_event_code(dev, EV_REL, REL_HWHEEL) &&
		      libevdev_has_event_code(dev, EV_KEY, BTN_EXTRA),
	      "profile codes plus the added one");
	close_evdev(dev, fd);
	fixture_stop(&f);
	pass("defaults: no name, no uniq, default phys, soft-repeat defaults, profile as base");
}

/* @return nothing; checks one axis of dev against min, max, fuzz and flat */
static void
check_axis(struct libevdev *dev, unsigned int code, int min, int max, int fuzz, int flat)
{
	const struct input_absinfo *a = libevdev_get_abs_info(dev, code);

	CHECK(a != NULL, "axis %u missing", code);
	CHECK(a->minimum == min && a->maximum == max && a->fuzz == fuzz && a->flat == flat,
	      "axis %u: %d..%d fuzz %d flat %d, expected %d..%d fuzz %d flat %d", code,
	      a->minimum, a->maximum, a->fuzz, a->flat, min, max, fuzz, flat);
}

static void
test_slots_as_the_kernel_sets_them(void)
{
	static const char *const args[] = { "--device=keyboard", NULL };
	/* Whatever a definition says, input_mt_init_slots() gives a slotted device
	 * ABS_MT_SLOT 0..N-1 and ABS_MT_TRACKING_ID 0..65535, without fuzz or flat. */
	static const char *const definitions[] = {
		"name bare\nabs ABS_MT_SLOT min=0 max=3 fuzz=2 flat=1\n"
		"abs ABS_MT_POSITION_X max=100\n",
		"name odd\nabs ABS_MT_SLOT min=0 max=3\n"
		"abs ABS_MT_TRACKING_ID min=5 max=100 fuzz=3 flat=4 res=7\n",
	};
	struct fixture f = { 0 };

	fixture_start(&f, args);
	for (unsigned int i = 0; i < LEN(definitions); i++) {
		unsigned int index;
		int fd, rc;
		struct libevdev *dev;

		rc = fev_ctl_plug(f.ctl, FEV_DEVICE_NEW, definitions[i], &index);
		CHECK(rc == 0, "plug: %s (%s)", strerror(-rc), fev_ctl_error(f.ctl));
		dev = open_evdev(fixture_path(&f, index), O_RDONLY | O_NONBLOCK, &fd);
		CHECK_INT(libevdev_get_num_slots(dev), 4);
		check_axis(dev, ABS_MT_SLOT, 0, 3, 0, 0);
		check_axis(dev, ABS_MT_TRACKING_ID, 0, 65535, 0, 0);
		close_evdev(dev, fd);
	}
	fixture_stop(&f);
	pass("slots: ABS_MT_SLOT and ABS_MT_TRACKING_ID as input_mt_init_slots() sets them");
}

int
main(int argc, char **argv)
{
	harness_init(argc, argv);
	test_profiles();
	test_definition();
	test_defaults();
	test_slots_as_the_kernel_sets_them();
	return 0;
}
