/* client.c: a client's event queue, ported from drivers/input/evdev.c, and its parked reads and poll. */
#include "client.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"

struct pending_read {
	fuse_req_t req;
	size_t size;
	struct client *client;
	struct pending_read *next;
};

struct client *
client_new(struct device *device, pid_t pid, unsigned int bufsize)
{
	struct client *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->buffer = calloc(bufsize, sizeof(*c->buffer));
	if (!c->buffer) {
		free(c);
		return NULL;
	}
	c->device = device;
	c->pid = pid;
	c->bufsize = bufsize;
	c->clock = CLIENT_CLOCK_REAL;
	return c;
}

void
client_free(struct client *c)
{
	while (c->reads) {
		struct pending_read *p = c->reads;

		c->reads = p->next;
		fuse_reply_err(p->req, ENODEV);
		free(p);
	}
	if (c->ph)
		fuse_pollhandle_destroy(c->ph);
	free(c->buffer);
	free(c);
}

unsigned int
client_queued(const struct client *c)
{
	return (c->head - c->tail) & (c->bufsize - 1);
}

bool
client_has_packet(const struct client *c)
{
	return c->packet_head != c->tail;
}

bool
client_is_dead(const struct client *c)
{
	return c->revoked || !c->device->present;
}

/* @return the current time on the client's clock, as evdev stamps events */
static struct timeval
client_now(const struct client *c)
{
	static const clockid_t clocks[CLIENT_CLOCK_COUNT] = {
		[CLIENT_CLOCK_REAL] = CLOCK_REALTIME,
		[CLIENT_CLOCK_MONO] = CLOCK_MONOTONIC,
		[CLIENT_CLOCK_BOOT] = CLOCK_BOOTTIME,
	};
	struct timespec ts;
	struct timeval tv;

	clock_gettime(clocks[c->clock], &ts);
	tv.tv_sec = ts.tv_sec;
	tv.tv_usec = ts.tv_nsec / 1000;
	return tv;
}

void
client_pass_event(struct client *c, const struct input_event *ev)
{
	c->buffer[c->head++] = *ev;
	c->head &= c->bufsize - 1;
	if (c->head == c->tail) {
		c->tail = (c->head - 2) & (c->bufsize - 1);
		c->buffer[c->tail] = (struct input_event){
			.time = ev->time,
			.type = EV_SYN,
			.code = SYN_DROPPED,
		};
		c->packet_head = c->tail;
		c->syn_dropped++;
	}
	if (ev->type == EV_SYN && ev->code == SYN_REPORT)
		c->packet_head = c->head;
}

void
client_queue_syn_dropped(struct client *c, bool visible)
{
	struct input_event ev = { .time = client_now(c), .type = EV_SYN, .code = SYN_DROPPED };

	c->buffer[c->head++] = ev;
	c->head &= c->bufsize - 1;
	if (c->head == c->tail) {
		c->tail = (c->head - 1) & (c->bufsize - 1);
		c->packet_head = c->tail;
	}
	if (visible)
		c->packet_head = c->head;
	c->syn_dropped++;
}

void
client_force_drop(struct client *c)
{
	c->head = c->tail = c->packet_head = 0;
	client_queue_syn_dropped(c, true);
}

void
client_flush_type(struct client *c, unsigned int type)
{
	unsigned int mask = c->bufsize - 1;
	unsigned int head = c->tail;
	unsigned int num = 1;

	c->packet_head = c->tail;
	for (unsigned int i = c->tail; i != c->head; i = (i + 1) & mask) {
		struct input_event *ev = &c->buffer[i];
		bool is_report = ev->type == EV_SYN && ev->code == SYN_REPORT;

		if (ev->type == type)
			continue;
		/* a SYN_REPORT left alone by the removal goes too */
		if (is_report && !num)
			continue;
		if (head != i)
			c->buffer[head] = *ev;
		num++;
		head = (head + 1) & mask;
		if (is_report) {
			num = 0;
			c->packet_head = head;
		}
	}
	c->head = head;
}

unsigned int
client_fetch(struct client *c, struct input_event *out, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && c->packet_head != c->tail) {
		out[n++] = c->buffer[c->tail++];
		c->tail &= c->bufsize - 1;
	}
	return n;
}

/* @return nothing; answers req with up to size bytes of complete packets */
static void
reply_events(struct client *c, fuse_req_t req, size_t size)
{
	unsigned int max = size / sizeof(struct input_event);
	unsigned int queued = client_queued(c);
	struct input_event *buf;
	unsigned int n;

	if (max > queued)
		max = queued;
	buf = malloc(max * sizeof(*buf));
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	n = client_fetch(c, buf, max);
	fuse_reply_buf(req, (const char *)buf, n * sizeof(*buf));
	free(buf);
}

void
client_wakeup(struct client *c)
{
	while (c->reads && (client_has_packet(c) || client_is_dead(c))) {
		struct pending_read *p = c->reads;

		c->reads = p->next;
		if (client_is_dead(c))
			fuse_reply_err(p->req, ENODEV);
		else
			reply_events(c, p->req, p->size);
		free(p);
	}
	/* Dead clients are always notified: the poller must see POLLHUP. */
	if (c->ph && (c->poll_armed || client_is_dead(c))) {
		c->poll_armed = false;
		fuse_lowlevel_notify_poll(c->ph);
	}
}

/* @return nothing; libfuse calls it when the reader of a parked read gets a signal */
static void
read_interrupted(fuse_req_t req, void *data)
{
	struct pending_read *p = data;
	struct client *c = p->client;

	for (struct pending_read **pp = &c->reads; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			free(p);
			fuse_reply_err(req, EINTR);
			return;
		}
	}
	/* Not parked yet: client_park_read() sees fuse_req_interrupted() and answers. */
}

int
client_park_read(struct client *c, fuse_req_t req, size_t size)
{
	struct pending_read **pp = &c->reads;
	struct pending_read *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->req = req;
	p->size = size;
	p->client = c;
	/* libfuse calls read_interrupted() from inside this call if the signal
	 * came first; answering there would free req under libfuse's feet. */
	fuse_req_interrupt_func(req, read_interrupted, p);
	if (fuse_req_interrupted(req)) {
		free(p);
		return -EINTR;
	}
	while (*pp)
		pp = &(*pp)->next;
	*pp = p;
	return 0;
}

void
client_set_poll_handle(struct client *c, struct fuse_pollhandle *ph)
{
	if (c->ph)
		fuse_pollhandle_destroy(c->ph);
	c->ph = ph;
	c->poll_armed = true;
}

unsigned int
client_poll_mask(const struct client *c)
{
	unsigned int mask = client_is_dead(c) ? POLLHUP | POLLERR : POLLOUT | POLLWRNORM;

	if (client_has_packet(c))
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

int
client_set_clock(struct client *c, int clockid)
{
	enum client_clock clock;

	switch (clockid) {
	case CLOCK_REALTIME:
		clock = CLIENT_CLOCK_REAL;
		break;
	case CLOCK_MONOTONIC:
		clock = CLIENT_CLOCK_MONO;
		break;
	case CLOCK_BOOTTIME:
		clock = CLIENT_CLOCK_BOOT;
		break;
	default:
		return -EINVAL;
	}
	if (c->clock != clock) {
		c->clock = clock;
		if (c->head != c->tail) {
			c->packet_head = c->head = c->tail;
			client_queue_syn_dropped(c, false);
		}
	}
	return 0;
}
