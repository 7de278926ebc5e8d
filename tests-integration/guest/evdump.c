/* evdump.c: one evdev device read through libevdev like a real client, printed as agent lines. */
#include "evdump.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int
dump_device_drain(FILE *out, struct dump_device *d)
{
	struct input_event ev;
	int rc;

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
