/* evdump.c: one evdev device read like a real libevdev client, or raw, printed as agent lines. */
#include "evdump.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The kernel's ABS_MT_FIRST and ABS_MT_LAST: the axes with a value per slot. */
#define MT_FIRST ABS_MT_TOUCH_MAJOR
#define MT_LAST ABS_MT_TOOL_Y
#define MT_AXES (MT_LAST - MT_FIRST + 1)
/* EVIOCGMTSLOTS's size field has 14 bits: room for the code and 4094 values. */
#define MAX_STATE_SLOTS 4094
#define BITS_PER_LONG (sizeof(unsigned long) * 8)
#define NLONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

int
dump_device_open(const char *path, const char *tag, struct dump_device **out)
{
	struct dump_device *d;
	int rc;

	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->fd = -1;
	snprintf(d->tag, sizeof(d->tag), "%s", tag);
	d->path = strdup(path);
	if (!d->path) {
		rc = -ENOMEM;
		goto err;
	}

	/* Read-write so that LED and other writes work; a non-root host user
	 * may only be allowed to read. */
	d->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (d->fd < 0 && (errno == EACCES || errno == EPERM))
		d->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (d->fd < 0) {
		rc = -errno;
		goto err;
	}

	rc = libevdev_new_from_fd(d->fd, &d->dev);
	if (rc == -EINVAL || rc == -ENOSYS)
		rc = -ENOTTY;
	if (rc < 0)
		goto err;

	*out = d;
	return 0;

err:
	dump_device_close(d);
	return rc;
}

void
dump_device_close(struct dump_device *d)
{
	if (!d)
		return;
	if (d->dev)
		libevdev_free(d->dev);
	if (d->fd >= 0)
		close(d->fd);
	free(d->path);
	free(d);
}

void
dump_print_quoted(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

void
dump_print_errno(FILE *out, int errnum)
{
	const char *name = strerrorname_np(errnum);

	if (name)
		fputs(name, out);
	else
		fprintf(out, "%d", errnum);
}

const char *
dump_type_name(unsigned int type)
{
	const char *name = libevdev_event_type_get_name(type);

	if (!name || strncmp(name, "EV_", 3) != 0)
		return NULL;
	return name + 3;
}

/* Prints a type's name, or its number if it has none. */
static void
print_type(FILE *out, unsigned int type)
{
	const char *name = dump_type_name(type);

	if (name)
		fputs(name, out);
	else
		fprintf(out, "%u", type);
}

void
dump_print_facts(FILE *out, const struct dump_device *d)
{
	const struct libevdev *dev = d->dev;
	/* State that libevdev tracks and a client sees before the first event. */
	static const unsigned int state_types[] = { EV_KEY, EV_LED, EV_SW };
	unsigned int type, code, i;
	int max, slots, delay, period;

	fprintf(out, "DEV %s ", d->tag);
	dump_print_quoted(out, d->path);
	fputc('\n', out);

	fprintf(out, "FACT %s name ", d->tag);
	dump_print_quoted(out, libevdev_get_name(dev));
	fprintf(out, "\nFACT %s phys ", d->tag);
	dump_print_quoted(out, libevdev_get_phys(dev));
	fprintf(out, "\nFACT %s uniq ", d->tag);
	dump_print_quoted(out, libevdev_get_uniq(dev));
	fputc('\n', out);

	fprintf(out, "FACT %s id bus=0x%04x vendor=0x%04x product=0x%04x version=0x%04x\n",
		d->tag,
		(unsigned int)libevdev_get_id_bustype(dev),
		(unsigned int)libevdev_get_id_vendor(dev),
		(unsigned int)libevdev_get_id_product(dev),
		(unsigned int)libevdev_get_id_version(dev));
	fprintf(out, "FACT %s driver 0x%06x\n", d->tag,
		(unsigned int)libevdev_get_driver_version(dev));

	fprintf(out, "FACT %s props", d->tag);
	for (code = 0; code <= INPUT_PROP_MAX; code++)
		if (libevdev_has_property(dev, code))
			fprintf(out, " %u", code);
	fputc('\n', out);

	fprintf(out, "FACT %s types", d->tag);
	for (type = 0; type <= EV_MAX; type++)
		if (libevdev_has_event_type(dev, type)) {
			fputc(' ', out);
			print_type(out, type);
		}
	fputc('\n', out);

	/* EV_SYN codes are implied and EV_REP has values, not codes. */
	for (type = EV_SYN + 1; type <= EV_MAX; type++) {
		if (type == EV_REP || !libevdev_has_event_type(dev, type))
			continue;
		max = libevdev_event_type_get_max(type);
		fprintf(out, "FACT %s bits ", d->tag);
		print_type(out, type);
		for (code = 0; max >= 0 && code <= (unsigned int)max; code++)
			if (libevdev_has_event_code(dev, type, code))
				fprintf(out, " %u", code);
		fputc('\n', out);
	}

	for (code = 0; code <= ABS_MAX; code++) {
		const struct input_absinfo *abs;

		if (!libevdev_has_event_code(dev, EV_ABS, code))
			continue;
		abs = libevdev_get_abs_info(dev, code);
		fprintf(out, "FACT %s abs %u min=%d max=%d fuzz=%d flat=%d res=%d value=%d\n",
			d->tag, code, abs->minimum, abs->maximum, abs->fuzz,
			abs->flat, abs->resolution, abs->value);
	}

	slots = libevdev_get_num_slots(dev);
	if (slots >= 0)
		fprintf(out, "FACT %s mtslots %d\n", d->tag, slots);
	else
		fprintf(out, "FACT %s mtslots none\n", d->tag);

	if (libevdev_get_repeat(dev, &delay, &period) == 0)
		fprintf(out, "FACT %s rep delay=%d period=%d\n", d->tag, delay, period);

	for (i = 0; i < sizeof(state_types) / sizeof(state_types[0]); i++) {
		type = state_types[i];
		if (!libevdev_has_event_type(dev, type))
			continue;
		max = libevdev_event_type_get_max(type);
		fprintf(out, "FACT %s state ", d->tag);
		print_type(out, type);
		for (code = 0; max >= 0 && code <= (unsigned int)max; code++) {
			int value;

			if (libevdev_fetch_event_value(dev, type, code, &value) && value != 0)
				fprintf(out, " %u=%d", code, value);
		}
		fputc('\n', out);
	}

	fprintf(out, "OPEN %s\n", d->tag);
}

/* Prints an event read in raw mode. */
static void
print_raw_event(FILE *out, const char *tag, const struct input_event *ev)
{
	if (ev->type == EV_SYN && ev->code == SYN_DROPPED)
		fprintf(out, "DROPPED %s\n", tag);
	else
		fprintf(out, "EV %s %u %u %d\n", tag, ev->type, ev->code, ev->value);
}

/* Reads d's fd until -EAGAIN, printing each event as the kernel gives it.
 * Returns 0 once nothing is queued, or -errno. */
static int
drain_raw(FILE *out, struct dump_device *d)
{
	struct input_event evs[64];
	ssize_t n;
	size_t i;

	for (;;) {
		n = read(d->fd, evs, sizeof(evs));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		/* As libevdev does: nothing read is like nothing queued. */
		if (n == 0)
			return 0;
		if ((size_t)n % sizeof(evs[0]) != 0)
			return -EINVAL;
		for (i = 0; i < (size_t)n / sizeof(evs[0]); i++) {
			print_raw_event(out, d->tag, &evs[i]);
			d->events++;
		}
	}
}

int
dump_device_drain(FILE *out, struct dump_device *d)
{
	struct input_event ev;
	int rc;

	if (d->raw)
		return drain_raw(out, d);
	for (;;) {
		rc = libevdev_next_event(d->dev,
					 d->syncing ? LIBEVDEV_READ_FLAG_SYNC : LIBEVDEV_READ_FLAG_NORMAL,
					 &ev);
		if (rc == -EAGAIN) {
			if (!d->syncing)
				return 0;
			/* libevdev's sync events are all out: back to normal. */
			d->syncing = false;
			continue;
		}
		if (rc < 0)
			return rc;

		if (rc == LIBEVDEV_READ_STATUS_SYNC && !d->syncing) {
			/* This event is the SYN_DROPPED itself. */
			fprintf(out, "DROPPED %s\n", d->tag);
			d->syncing = true;
		} else {
			fprintf(out, "%s %s %u %u %d\n", d->syncing ? "SYNC" : "EV", d->tag,
				ev.type, ev.code, ev.value);
		}
		d->events++;
	}
}

int
dump_device_grab(struct dump_device *d, bool grab)
{
	if (grab == d->grabbed)
		return 0;
	if (ioctl(d->fd, EVIOCGRAB, grab ? (void *)1 : (void *)0) < 0)
		return -errno;
	d->grabbed = grab;
	return 0;
}

int
dump_device_renew(struct dump_device *d)
{
	struct libevdev *dev;
	int rc;

	rc = libevdev_new_from_fd(d->fd, &dev);
	if (rc < 0)
		return rc;
	libevdev_free(d->dev);
	d->dev = dev;
	d->syncing = false;
	return 0;
}

int
dump_device_set_raw(struct dump_device *d, bool raw)
{
	int rc;

	if (d->raw && !raw) {
		rc = dump_device_renew(d);
		if (rc < 0)
			return rc;
	}
	d->raw = raw;
	return 0;
}

/* The kernel's state of one device, as dump_print_state() prints it. */
struct kernel_state {
	unsigned long key[NLONGS(KEY_CNT)];
	unsigned long sw[NLONGS(SW_CNT)];
	unsigned long led[NLONGS(LED_CNT)];
	int abs[ABS_CNT];
	int slot;
	int nslots;		/* -1: no ABS_MT_SLOT */
	int32_t *mt;		/* per MT axis: the code, then one value per slot */
};

/* Returns true if d has axis code. */
static bool
has_abs(const struct dump_device *d, unsigned int code)
{
	return libevdev_has_event_code(d->dev, EV_ABS, code);
}

/* Returns true if code is an axis with a value per slot on d. */
static bool
is_slotted(const struct dump_device *d, unsigned int code)
{
	return has_abs(d, ABS_MT_SLOT) && code >= MT_FIRST && code <= MT_LAST;
}

/* Reads d's state with ioctls into s (s->mt is allocated: free it).
 * Returns 0, or the -errno of the first request that failed. */
static int
read_state(const struct dump_device *d, struct kernel_state *s)
{
	struct input_absinfo abs;
	unsigned int code;
	size_t row;

	s->nslots = -1;
	if (ioctl(d->fd, EVIOCGKEY(sizeof(s->key)), s->key) < 0 ||
	    ioctl(d->fd, EVIOCGSW(sizeof(s->sw)), s->sw) < 0 ||
	    ioctl(d->fd, EVIOCGLED(sizeof(s->led)), s->led) < 0)
		return -errno;
	for (code = 0; code < ABS_CNT; code++) {
		if (!has_abs(d, code) || is_slotted(d, code))
			continue;
		if (ioctl(d->fd, EVIOCGABS(code), &abs) < 0)
			return -errno;
		s->abs[code] = abs.value;
		if (code == ABS_MT_SLOT) {
			s->slot = abs.value;
			s->nslots = abs.maximum + 1;
		}
	}
	if (s->nslots < 0)
		return 0;
	if (s->nslots > MAX_STATE_SLOTS)
		s->nslots = MAX_STATE_SLOTS;
	row = (size_t)s->nslots + 1;
	s->mt = calloc(MT_AXES * row, sizeof(int32_t));
	if (!s->mt)
		return -ENOMEM;
	for (code = MT_FIRST; code <= MT_LAST; code++) {
		int32_t *req = s->mt + (code - MT_FIRST) * row;

		if (!has_abs(d, code))
			continue;
		req[0] = (int32_t)code;
		if (ioctl(d->fd, EVIOCGMTSLOTS(row * sizeof(int32_t)), req) < 0)
			return -errno;
	}
	return 0;
}

/* Prints a STATE line of the codes set in bits, if d has the type. */
static void
print_state_bits(FILE *out, const struct dump_device *d, unsigned int type,
		 const unsigned long *bits, unsigned int count)
{
	unsigned int code;

	if (!libevdev_has_event_type(d->dev, type))
		return;
	fprintf(out, "STATE %s ", d->tag);
	print_type(out, type);
	for (code = 0; code < count; code++)
		if ((bits[code / BITS_PER_LONG] >> (code % BITS_PER_LONG)) & 1)
			fprintf(out, " %u", code);
	fputc('\n', out);
}

int
dump_print_state(FILE *out, const struct dump_device *d)
{
	struct kernel_state s = { .mt = NULL };
	unsigned int code;
	size_t row;
	int slot, rc;

	rc = read_state(d, &s);
	if (rc < 0)
		goto out;
	row = (size_t)s.nslots + 1;

	print_state_bits(out, d, EV_KEY, s.key, KEY_CNT);
	print_state_bits(out, d, EV_SW, s.sw, SW_CNT);
	print_state_bits(out, d, EV_LED, s.led, LED_CNT);
	if (libevdev_has_event_type(d->dev, EV_ABS)) {
		fprintf(out, "STATE %s ABS", d->tag);
		for (code = 0; code < ABS_CNT; code++)
			if (has_abs(d, code) && code != ABS_MT_SLOT && !is_slotted(d, code))
				fprintf(out, " %u=%d", code, s.abs[code]);
		fputc('\n', out);
	}
	if (s.nslots >= 0)
		fprintf(out, "STATE %s SLOT %d\n", d->tag, s.slot);
	for (slot = 0; slot < s.nslots; slot++) {
		fprintf(out, "STATE %s MT %d", d->tag, slot);
		for (code = MT_FIRST; code <= MT_LAST; code++)
			if (has_abs(d, code))
				fprintf(out, " %u=%d", code,
					s.mt[(code - MT_FIRST) * row + 1 + (size_t)slot]);
		fputc('\n', out);
	}

out:
	free(s.mt);
	return rc;
}

static FILE *log_out;

/* libevdev's log handler: one LIBEVDEV line per message. */
static void
log_to_out(enum libevdev_log_priority priority, void *data, const char *file,
	   int line, const char *func, const char *format, va_list args)
{
	char msg[512];
	size_t len;

	(void)data;
	(void)file;
	(void)line;
	vsnprintf(msg, sizeof(msg), format, args);
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		msg[--len] = '\0';
	fprintf(log_out, "LIBEVDEV %d %s ", (int)priority, func);
	dump_print_quoted(log_out, msg);
	fputc('\n', log_out);
}

void
dump_route_libevdev_log(FILE *out)
{
	log_out = out;
	libevdev_set_log_function(log_to_out, NULL);
	libevdev_set_log_priority(LIBEVDEV_LOG_INFO);
}
