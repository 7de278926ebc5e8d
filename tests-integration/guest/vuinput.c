/* vuinput.c: uinput devices made from a one-line capability description, and event injection. */
#include "vuinput.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/uinput.h>
#include <libevdev/libevdev.h>
#include <libevdev/libevdev-uinput.h>

struct vuinput {
	struct libevdev_uinput *ui;
	int fd; /* /dev/uinput: ours to close, libevdev closes only descriptors it opened */
};

/* Parses a whole decimal or 0x number. Returns 0, or -EINVAL. */
static int
parse_long(const char *s, long *out)
{
	char *end;

	if (!*s)
		return -EINVAL;
	errno = 0;
	*out = strtol(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

/* Parses a number or an event type name with or without "EV_".
 * Returns the type, or -EINVAL. */
static int
parse_type(const char *s)
{
	char prefixed[32];
	long n;
	int type;

	if (parse_long(s, &n) == 0)
		return (n >= 0 && n <= EV_MAX) ? (int)n : -EINVAL;
	type = libevdev_event_type_from_name(s);
	if (type >= 0)
		return type;
	snprintf(prefixed, sizeof(prefixed), "EV_%s", s);
	type = libevdev_event_type_from_name(prefixed);
	return type >= 0 ? type : -EINVAL;
}

/* Parses a number or a code name of type. Returns the code, or -EINVAL. */
static int
parse_code(unsigned int type, const char *s)
{
	int max = libevdev_event_type_get_max(type);
	long n;
	int code;

	if (parse_long(s, &n) == 0)
		return (n >= 0 && (max < 0 || n <= max)) ? (int)n : -EINVAL;
	code = libevdev_event_code_from_name(type, s);
	return code >= 0 ? code : -EINVAL;
}

/* Parses a number or a property name. Returns the property, or -EINVAL. */
static int
parse_prop(const char *s)
{
	long n;
	int prop;

	if (parse_long(s, &n) == 0)
		return (n >= 0 && n <= INPUT_PROP_MAX) ? (int)n : -EINVAL;
	prop = libevdev_property_from_name(s);
	return prop >= 0 ? prop : -EINVAL;
}

int
vuinput_parse_event(const char *token, unsigned int *type, unsigned int *code, int *value)
{
	char buf[96], *c, *v;
	long n;
	int t, k;

	if (snprintf(buf, sizeof(buf), "%s", token) >= (int)sizeof(buf))
		return -EINVAL;
	c = strchr(buf, ':');
	if (!c)
		return -EINVAL;
	*c++ = '\0';
	v = strchr(c, ':');
	if (!v)
		return -EINVAL;
	*v++ = '\0';

	t = parse_type(buf);
	if (t < 0)
		return -EINVAL;
	k = parse_code((unsigned int)t, c);
	if (k < 0)
		return -EINVAL;
	if (parse_long(v, &n) < 0 || n < INT_MIN || n > INT_MAX)
		return -EINVAL;
	*type = (unsigned int)t;
	*code = (unsigned int)k;
	*value = (int)n;
	return 0;
}

/* Enables a comma-separated list of codes and A-B ranges of type on dev.
 * Returns 0, or -EINVAL. */
static int
enable_codes(struct libevdev *dev, unsigned int type, char *list)
{
	char *item, *save = NULL;

	if (libevdev_enable_event_type(dev, type) < 0)
		return -EINVAL;
	for (item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(item, '-');
		int first, last, code;

		if (dash && item[0] >= '0' && item[0] <= '9') {
			*dash = '\0';
			first = parse_code(type, item);
			last = parse_code(type, dash + 1);
		} else {
			first = last = parse_code(type, item);
		}
		if (first < 0 || last < first)
			return -EINVAL;
		for (code = first; code <= last; code++)
			if (libevdev_enable_event_code(dev, type, (unsigned int)code, NULL) < 0)
				return -EINVAL;
	}
	return 0;
}

/* Enables one axis from "CODE:MIN:MAX[:FUZZ[:FLAT[:RES]]]". Returns 0, or -EINVAL. */
static int
enable_abs(struct libevdev *dev, char *spec)
{
	struct input_absinfo abs = { 0 };
	int *fields[] = { &abs.minimum, &abs.maximum, &abs.fuzz, &abs.flat, &abs.resolution };
	char *part, *save = NULL;
	size_t n = 0;
	int code;
	long v;

	part = strtok_r(spec, ":", &save);
	if (!part)
		return -EINVAL;
	code = parse_code(EV_ABS, part);
	if (code < 0)
		return -EINVAL;
	while ((part = strtok_r(NULL, ":", &save))) {
		if (n == sizeof(fields) / sizeof(fields[0]) || parse_long(part, &v) < 0 ||
		    v < INT_MIN || v > INT_MAX)
			return -EINVAL;
		*fields[n++] = (int)v;
	}
	if (n < 2)
		return -EINVAL;
	return libevdev_enable_event_code(dev, EV_ABS, (unsigned int)code, &abs) < 0 ? -EINVAL : 0;
}

/* Applies one key=value token of the description to dev. Returns 0, or -EINVAL. */
static int
apply_token(struct libevdev *dev, char *token)
{
	char *value = strchr(token, '=');
	char *item, *save = NULL;
	long n;
	int type, prop;

	if (!value)
		return -EINVAL;
	*value++ = '\0';

	if (strcmp(token, "name") == 0) {
		libevdev_set_name(dev, value);
		return 0;
	}
	if (strcmp(token, "phys") == 0) {
		libevdev_set_phys(dev, value);
		return 0;
	}
	if (strcmp(token, "bus") == 0 || strcmp(token, "vendor") == 0 ||
	    strcmp(token, "product") == 0 || strcmp(token, "version") == 0) {
		if (parse_long(value, &n) < 0 || n < 0 || n > 0xffff)
			return -EINVAL;
		if (strcmp(token, "bus") == 0)
			libevdev_set_id_bustype(dev, (int)n);
		else if (strcmp(token, "vendor") == 0)
			libevdev_set_id_vendor(dev, (int)n);
		else if (strcmp(token, "product") == 0)
			libevdev_set_id_product(dev, (int)n);
		else
			libevdev_set_id_version(dev, (int)n);
		return 0;
	}
	if (strcmp(token, "props") == 0) {
		for (item = strtok_r(value, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
			prop = parse_prop(item);
			if (prop < 0 || libevdev_enable_property(dev, (unsigned int)prop) < 0)
				return -EINVAL;
		}
		return 0;
	}
	if (strcmp(token, "abs") == 0)
		return enable_abs(dev, value);
	if (strcmp(token, "rep") == 0) {
		int delay, period;
		char extra;

		if (sscanf(value, "%d:%d%c", &delay, &period, &extra) != 2)
			return -EINVAL;
		if (libevdev_enable_event_code(dev, EV_REP, REP_DELAY, &delay) < 0 ||
		    libevdev_enable_event_code(dev, EV_REP, REP_PERIOD, &period) < 0)
			return -EINVAL;
		return 0;
	}

	type = parse_type(token);
	/* Axes need ranges and repeat needs values: they have their own keys. */
	if (type < 0 || type == EV_ABS || type == EV_REP || type == EV_SYN)
		return -EINVAL;
	return enable_codes(dev, (unsigned int)type, value);
}

int
vuinput_create(int argc, char **argv, struct vuinput **out, char *err, size_t errlen)
{
	struct libevdev *dev;
	struct vuinput *u = NULL;
	char token[512];
	int i, rc;

	dev = libevdev_new();
	if (!dev)
		return -ENOMEM;
	libevdev_set_name(dev, "vdi-uinput");

	for (i = 0; i < argc; i++) {
		/* strtok_r() writes into the token, so work on a copy. */
		if (snprintf(token, sizeof(token), "%s", argv[i]) >= (int)sizeof(token) ||
		    apply_token(dev, token) < 0) {
			snprintf(err, errlen, "bad capability: %s", argv[i]);
			rc = -EINVAL;
			goto out;
		}
	}

	u = calloc(1, sizeof(*u));
	if (!u) {
		rc = -ENOMEM;
		goto out;
	}
	u->fd = open("/dev/uinput", O_RDWR | O_CLOEXEC);
	if (u->fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot open /dev/uinput");
		goto out;
	}
	/* libevdev does not pass phys on to uinput, and UI_SET_PHYS only works
	 * before the device is created, so set it here. */
	if (libevdev_get_phys(dev) && ioctl(u->fd, UI_SET_PHYS, libevdev_get_phys(dev)) < 0) {
		rc = -errno;
		snprintf(err, errlen, "UI_SET_PHYS failed");
		goto out;
	}
	rc = libevdev_uinput_create_from_device(dev, u->fd, &u->ui);
	if (rc < 0) {
		snprintf(err, errlen, "creating the uinput device failed");
		goto out;
	}
	/* uinput has no way to pass repeat values before creation, and the
	 * kernel then picks 250/33; setting them through the device itself
	 * works. The input core holds events until a SYN_REPORT, so flush them
	 * now, while no reader is open to see them. */
	if (libevdev_has_event_type(dev, EV_REP)) {
		int delay, period;

		libevdev_get_repeat(dev, &delay, &period);
		libevdev_uinput_write_event(u->ui, EV_REP, REP_DELAY, delay);
		libevdev_uinput_write_event(u->ui, EV_REP, REP_PERIOD, period);
		libevdev_uinput_write_event(u->ui, EV_SYN, SYN_REPORT, 0);
	}
	*out = u;
	u = NULL;
	rc = 0;

out:
	if (u && u->fd >= 0)
		close(u->fd);
	free(u);
	/* The kernel device keeps its own copy of the capabilities. */
	libevdev_free(dev);
	return rc;
}

const char *
vuinput_devnode(const struct vuinput *u)
{
	return libevdev_uinput_get_devnode(u->ui);
}

int
vuinput_inject(struct vuinput *u, int argc, char **argv, char *err, size_t errlen)
{
	struct input_event *evs;
	int i, rc;

	evs = calloc((size_t)argc + 1, sizeof(*evs));
	if (!evs)
		return -ENOMEM;
	for (i = 0; i < argc; i++) {
		unsigned int type, code;
		int value;

		if (vuinput_parse_event(argv[i], &type, &code, &value) < 0) {
			snprintf(err, errlen, "bad event %s (want TYPE:CODE:VALUE)", argv[i]);
			rc = -EINVAL;
			goto out;
		}
		evs[i].type = (unsigned short)type;
		evs[i].code = (unsigned short)code;
		evs[i].value = value;
	}
	for (i = 0; i < argc; i++) {
		rc = libevdev_uinput_write_event(u->ui, evs[i].type, evs[i].code, evs[i].value);
		if (rc < 0) {
			snprintf(err, errlen, "write of event %d failed", i);
			goto out;
		}
	}
	rc = argc;

out:
	free(evs);
	return rc;
}

void
vuinput_destroy(struct vuinput *u)
{
	if (!u)
		return;
	libevdev_uinput_destroy(u->ui);
	close(u->fd);
	free(u);
}
