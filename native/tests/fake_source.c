/* fake_source.c: an input source for C tests: queued raw events, read in batches, a settable state. */
#include "fake_source.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

static struct fake_source *
fake_of(struct input_source *src)
{
	return (struct fake_source *)src;
}

static int
fake_read(struct input_source *src, struct input_event *events, int max)
{
	struct fake_source *s = fake_of(src);
	uint64_t counter;
	int n = 0;

	if (s->gone)
		return -ENODEV;
	if (s->read_limit && max > s->read_limit)
		max = s->read_limit;
	while (n < max && s->head != s->tail)
		events[n++] = s->queue[s->head++ % FAKE_SOURCE_QUEUE];
	if (s->head == s->tail) {
		if (read(src->fd, &counter, sizeof(counter)) < 0) {
			/* already reset */
		}
	} else if (s->read_limit) {
		/* A kernel read stops short only when the queue is empty; a
		 * limited read leaves events, so signal them as new. */
		counter = 1;
		if (write(src->fd, &counter, sizeof(counter)) < 0) {
			/* still readable */
		}
	}
	return n ? n : -EAGAIN;
}

static int
fake_snapshot(struct input_source *src, struct input_state *state)
{
	struct fake_source *s = fake_of(src);

	if (s->gone)
		return -ENODEV;
	s->snapshots++;
	*state = s->state;
	return 0;
}

static int
fake_write_status(struct input_source *src, uint16_t type, uint16_t code, int32_t value)
{
	struct fake_source *s = fake_of(src);

	if (type != EV_LED)
		return -ENOTSUP;
	if (s->nwrites < 64)
		s->writes[s->nwrites++] = (struct virtio_input_event){ type, code, value };
	return 0;
}

static void
fake_close(struct input_source *src)
{
	close(src->fd);
	free(src);
}

static const struct input_source_ops fake_ops = {
	.read = fake_read,
	.snapshot = fake_snapshot,
	.write_status = fake_write_status,
	.close = fake_close,
};

struct fake_source *
fake_source_new(void)
{
	struct fake_source *s = calloc(1, sizeof(*s));
	struct input_facts *f;
	unsigned int code;

	if (!s)
		return NULL;
	s->source.ops = &fake_ops;
	s->source.fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->source.fd < 0) {
		free(s);
		return NULL;
	}
	f = &s->source.facts;
	for (code = KEY_ESC; code <= KEY_MICMUTE; code++)
		state_set_bit(f->key, code, true);
	state_set_bit(f->key, BTN_TOUCH, true);
	state_set_bit(f->sw, SW_LID, true);
	state_set_bit(f->sw, SW_TABLET_MODE, true);
	state_set_bit(f->led, LED_NUML, true);
	state_set_bit(f->led, LED_CAPSL, true);
	state_set_bit(f->abs, ABS_X, true);
	state_set_bit(f->abs, ABS_Y, true);
	state_set_bit(f->abs, ABS_MT_SLOT, true);
	state_set_bit(f->abs, ABS_MT_TRACKING_ID, true);
	state_set_bit(f->abs, ABS_MT_POSITION_X, true);
	state_set_bit(f->abs, ABS_MT_POSITION_Y, true);
	f->num_slots = 4;
	input_state_init(&s->state);
	s->clock_ns = 1000000000;
	return s;
}

void
fake_source_push(struct fake_source *s, uint16_t type, uint16_t code, int32_t value)
{
	struct input_event *ev = &s->queue[s->tail++ % FAKE_SOURCE_QUEUE];
	uint64_t one = 1;

	ev->input_event_sec = s->clock_ns / 1000000000;
	ev->input_event_usec = s->clock_ns % 1000000000 / 1000;
	ev->type = type;
	ev->code = code;
	ev->value = value;
	if (write(s->source.fd, &one, sizeof(one)) < 0) {
		/* a full counter is readable anyway */
	}
}

void
fake_source_tick(struct fake_source *s, int64_t ns)
{
	s->clock_ns += ns;
}
