/* control.c: serves the control protocol to any number of connections, without ever blocking. */
#include "control.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "input.h"
#include "log.h"
#include "loop.h"
#include "protocol.h"
#include "registry.h"

#define MAX_CONNECTIONS 64
/* Past this much unsent reply data, stop reading requests until the peer reads. */
#define MAX_BACKLOG (1u << 20)
/* --lossless gives up on a reader that makes no room for this long. */
#define LOSSLESS_PATIENCE_MS 2000

enum { DONE, WAIT };

struct conn {
	struct watch watch;
	struct conn *next;
	uint8_t *in;
	size_t in_len;
	size_t in_cap;
	uint8_t *out;
	size_t out_len;
	size_t out_sent;
	size_t out_cap;
	bool watched; /* registered with the loop; not while there is nothing to wait for */
	bool eof;     /* the peer sent all it will; finish its requests, then close */
	bool broken; /* the peer is gone or spoke nonsense; close now */
	/* progress of an INJECT that waits for room (--lossless) */
	size_t inject_done;
	bool waiting;
	bool wait_expired;
	struct timespec wait_since;
};

static struct {
	struct watch listener;
	char *path;
	bool lossless;
	struct conn *conns;
	unsigned int nconns;
} server = { .listener = { .fd = -1 } };

/* @return milliseconds from a to b */
static long
elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

/* @return 0 after making room for len more bytes in *buf, or -ENOMEM */
static int
reserve(uint8_t **buf, size_t *cap, size_t used, size_t len)
{
	size_t want = *cap ? *cap : 4096;
	uint8_t *p;

	if (used + len <= *cap)
		return 0;
	while (want < used + len)
		want *= 2;
	p = realloc(*buf, want);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = want;
	return 0;
}

/* @return nothing; queues a reply (sent by flush_output()) */
static void
reply(struct conn *c, uint16_t op, uint16_t device, int status, const void *payload, size_t len)
{
	uint8_t *p;

	if (reserve(&c->out, &c->out_cap, c->out_len, FEV_REPLY_HEADER_SIZE + len) < 0) {
		c->broken = true;
		return;
	}
	p = c->out + c->out_len;
	fev_put16(p, op);
	fev_put16(p + 2, device);
	fev_put32(p + 4, (uint32_t)status);
	fev_put32(p + 8, (uint32_t)len);
	if (len)
		memcpy(p + FEV_REPLY_HEADER_SIZE, payload, len);
	c->out_len += FEV_REPLY_HEADER_SIZE + len;
}

/* @return nothing; queues a failure reply whose payload says why */
__attribute__((format(printf, 5, 6))) static void
reply_error(struct conn *c, uint16_t op, uint16_t device, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_trace("control: op %u event%u failed: %s", op, device, msg);
	reply(c, op, device, status, msg, strlen(msg));
}

/* @return DONE or WAIT; handles INJECT from event c->inject_done on */
static int
handle_inject(struct conn *c, uint16_t device, const uint8_t *payload, uint32_t len)
{
	struct device *d = registry_device(device);
	size_t n = len / FEV_EVENT_SIZE;

	if (!d || !d->present) {
		reply_error(c, FEV_OP_INJECT, device, -ENODEV, "event%u is not plugged", device);
		return DONE;
	}
	if (len % FEV_EVENT_SIZE) {
		reply_error(c, FEV_OP_INJECT, device, -EINVAL,
			    "%u bytes are not whole %d-byte events", len, FEV_EVENT_SIZE);
		return DONE;
	}
	for (size_t i = c->inject_done; i < n; i++) {
		struct fev_event ev = fev_event_decode(payload + i * FEV_EVENT_SIZE);

		if (server.lossless && !c->wait_expired && !input_has_room(d)) {
			struct timespec now;

			clock_gettime(CLOCK_MONOTONIC, &now);
			if (!c->waiting) {
				c->waiting = true;
				c->wait_since = now;
			}
			if (elapsed_ms(&c->wait_since, &now) < LOSSLESS_PATIENCE_MS) {
				c->inject_done = i;
				return WAIT;
			}
			log_error("--lossless: a reader of event%u made no room for %d ms; "
				  "the rest of this batch may overflow it",
				  device, LOSSLESS_PATIENCE_MS);
			c->wait_expired = true;
		}
		c->waiting = false;
		if (ev.type == EV_SYN && ev.code == SYN_DROPPED)
			input_force_drop(d);
		else
			input_handle_event(d, ev.type, ev.code, ev.value);
	}
	reply(c, FEV_OP_INJECT, device, 0, NULL, 0);
	return DONE;
}

/* @return nothing; answers STATUS for a slot, present or not */
static void
handle_status(struct conn *c, uint16_t device)
{
	struct device *d = registry_device(device);
	struct write_log *writes = registry_writes(device);
	unsigned int nclients = d ? d->nclients : 0;
	size_t len = FEV_STATUS_SIZE + nclients * FEV_CLIENT_STATUS_SIZE;
	uint8_t *buf, *p;

	if (!writes) {
		reply_error(c, FEV_OP_STATUS, device, -ENOENT, "there is no event%u", device);
		return;
	}
	buf = calloc(1, len);
	if (!buf) {
		reply_error(c, FEV_OP_STATUS, device, -ENOMEM, "out of memory");
		return;
	}
	fev_put32(buf, d && d->present);
	fev_put32(buf + 4, registry_plug_count(device));
	fev_put32(buf + 8, d ? (uint32_t)d->grab_pid : 0);
	fev_put32(buf + 12, nclients);
	fev_put32(buf + 16, d ? d->bufsize : 0);
	fev_put32(buf + 20, writes->count);
	fev_put32(buf + 24, writes->lost);
	p = buf + FEV_STATUS_SIZE;
	for (struct client *cl = d ? d->clients : NULL; cl; cl = cl->next) {
		uint32_t flags = (d->grab == cl ? FEV_CLIENT_GRAB : 0) |
				 (cl->revoked ? FEV_CLIENT_REVOKED : 0);

		fev_put32(p, (uint32_t)cl->pid);
		fev_put32(p + 4, client_queued(cl));
		fev_put32(p + 8, flags);
		fev_put32(p + 12, cl->syn_dropped);
		p += FEV_CLIENT_STATUS_SIZE;
	}
	reply(c, FEV_OP_STATUS, device, 0, buf, len);
	free(buf);
}

/* @return nothing; answers TAKE_WRITES and empties the slot's write log */
static void
handle_take_writes(struct conn *c, uint16_t device)
{
	struct write_log *writes = registry_writes(device);
	uint8_t *buf;

	if (!writes) {
		reply_error(c, FEV_OP_TAKE_WRITES, device, -ENOENT, "there is no event%u", device);
		return;
	}
	buf = malloc((size_t)writes->count * FEV_EVENT_SIZE + 1);
	if (!buf) {
		reply_error(c, FEV_OP_TAKE_WRITES, device, -ENOMEM, "out of memory");
		return;
	}
	for (unsigned int i = 0; i < writes->count; i++)
		fev_event_encode(buf + (size_t)i * FEV_EVENT_SIZE, &writes->events[i]);
	reply(c, FEV_OP_TAKE_WRITES, device, 0, buf, (size_t)writes->count * FEV_EVENT_SIZE);
	writes->count = 0;
	free(buf);
}

/* @return nothing; answers PLUG */
static void
handle_plug(struct conn *c, uint16_t device, const uint8_t *payload, uint32_t len)
{
	char err[512];
	unsigned int index;
	uint8_t out[4];
	int rc;

	rc = registry_plug(device, (const char *)payload, len, &index, err, sizeof(err));
	switch (rc) {
	case 0:
		fev_put32(out, index);
		reply(c, FEV_OP_PLUG, (uint16_t)index, 0, out, sizeof(out));
		return;
	case -EBUSY:
		reply_error(c, FEV_OP_PLUG, device, rc, "event%u is plugged; unplug it first",
			    device);
		return;
	case -ENOENT:
		reply_error(c, FEV_OP_PLUG, device, rc,
			    "there is no event%u; use device %u to add one", device,
			    FEV_DEVICE_NEW);
		return;
	case -ENOSPC:
		reply_error(c, FEV_OP_PLUG, device, rc, "all %d device slots are used",
			    REGISTRY_MAX_DEVICES);
		return;
	default:
		reply_error(c, FEV_OP_PLUG, device, rc, "%s", err[0] ? err : strerror(-rc));
		return;
	}
}

/* @return DONE or WAIT; handles one complete request */
static int
handle_request(struct conn *c, uint16_t op, uint16_t device, const uint8_t *payload, uint32_t len)
{
	struct device *d;
	uint8_t out[8];

	switch (op) {
	case FEV_OP_HELLO:
		fev_put32(out, FEV_PROTOCOL_VERSION);
		fev_put32(out + 4, registry_size());
		reply(c, op, device, 0, out, sizeof(out));
		return DONE;
	case FEV_OP_INJECT:
		return handle_inject(c, device, payload, len);
	case FEV_OP_DROP:
		d = registry_device(device);
		if (!d || !d->present) {
			reply_error(c, op, device, -ENODEV, "event%u is not plugged", device);
			return DONE;
		}
		input_force_drop(d);
		reply(c, op, device, 0, NULL, 0);
		return DONE;
	case FEV_OP_STATUS:
		handle_status(c, device);
		return DONE;
	case FEV_OP_TAKE_WRITES:
		handle_take_writes(c, device);
		return DONE;
	case FEV_OP_UNPLUG:
		if (registry_unplug(device) < 0)
			reply_error(c, op, device, -ENODEV, "event%u is not plugged", device);
		else
			reply(c, op, device, 0, NULL, 0);
		return DONE;
	case FEV_OP_PLUG:
		handle_plug(c, device, payload, len);
		return DONE;
	default:
		reply_error(c, op, device, -EINVAL, "unknown op %u", op);
		return DONE;
	}
}

/* @return nothing; handles complete requests until one waits or replies back up */
static void
process(struct conn *c)
{
	while (!c->broken && c->out_len - c->out_sent < MAX_BACKLOG &&
	       c->in_len >= FEV_REQUEST_HEADER_SIZE) {
		uint16_t op = fev_get16(c->in);
		uint16_t device = fev_get16(c->in + 2);
		uint32_t len = fev_get32(c->in + 4);
		size_t total = FEV_REQUEST_HEADER_SIZE + (size_t)len;

		if (len > FEV_MAX_PAYLOAD) {
			/* the stream cannot be trusted past a header like this */
			reply_error(c, op, device, -EMSGSIZE, "payload of %u bytes exceeds %u", len,
				    FEV_MAX_PAYLOAD);
			c->in_len = 0;
			c->eof = true;
			return;
		}
		if (c->in_len < total)
			return;
		if (handle_request(c, op, device, c->in + FEV_REQUEST_HEADER_SIZE, len) == WAIT)
			return;
		c->inject_done = 0;
		c->waiting = false;
		c->wait_expired = false;
		memmove(c->in, c->in + total, c->in_len - total);
		c->in_len -= total;
	}
}

/* @return nothing; sends queued replies as far as the socket takes them */
static void
flush_output(struct conn *c)
{
	while (!c->broken && c->out_sent < c->out_len) {
		ssize_t n = send(c->watch.fd, c->out + c->out_sent, c->out_len - c->out_sent,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			c->broken = true;
			return;
		}
		c->out_sent += n;
	}
	if (c->out_sent == c->out_len)
		c->out_sent = c->out_len = 0;
}

/* @return nothing; closes and frees a connection */
static void
conn_close(struct conn *c)
{
	for (struct conn **pp = &server.conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	server.nconns--;
	if (c->watched)
		loop_remove(&c->watch);
	close(c->watch.fd);
	free(c->in);
	free(c->out);
	free(c);
}

/* @return nothing; runs requests, sends replies, and watches for what comes next */
static void
advance(struct conn *c)
{
	uint32_t events = 0;
	int rc = 0;

	process(c);
	flush_output(c);
	if (c->broken || (c->eof && c->out_len == 0 && !c->waiting)) {
		conn_close(c);
		return;
	}
	if (!c->eof && !c->waiting && c->out_len - c->out_sent < MAX_BACKLOG)
		events |= EPOLLIN;
	if (c->out_len > c->out_sent)
		events |= EPOLLOUT;
	/* epoll reports a hang-up even for an empty mask, so a connection that
	 * waits for nothing but control_resume() leaves the loop altogether */
	if (events && c->watched) {
		rc = loop_modify(&c->watch, events);
	} else if (events) {
		rc = loop_add(&c->watch, events);
		c->watched = rc == 0;
	} else if (c->watched) {
		loop_remove(&c->watch);
		c->watched = false;
	}
	if (rc < 0)
		conn_close(c);
}

/* @return whether the buffered input holds a whole request, or a header to refuse */
static bool
have_request(const struct conn *c)
{
	uint32_t len;

	if (c->in_len < FEV_REQUEST_HEADER_SIZE)
		return false;
	len = fev_get32(c->in + 4);
	return len > FEV_MAX_PAYLOAD || c->in_len >= FEV_REQUEST_HEADER_SIZE + (size_t)len;
}

/* @return nothing; reads what a connection sent and moves it on */
static void
conn_ready(struct watch *w, uint32_t events)
{
	struct conn *c = (struct conn *)w;

	/* Read only up to a whole request: requests are handled in order, and
	 * one that waits must not let the peer fill our memory. */
	while ((events & EPOLLIN) && !have_request(c)) {
		ssize_t n;

		if (reserve(&c->in, &c->in_cap, c->in_len, 65536) < 0) {
			c->broken = true;
			break;
		}
		n = recv(c->watch.fd, c->in + c->in_len, c->in_cap - c->in_len, MSG_DONTWAIT);
		if (n > 0) {
			c->in_len += n;
			continue;
		}
		if (n == 0)
			c->eof = true;
		else if (errno != EAGAIN && errno != EINTR)
			c->broken = true;
		break;
	}
	if ((events & (EPOLLERR | EPOLLHUP)) && !(events & EPOLLIN))
		c->eof = true;
	advance(c);
}

/* @return nothing; accepts every pending connection */
static void
listener_ready(struct watch *w, uint32_t events)
{
	(void)events;
	for (;;) {
		int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct conn *c;

		if (fd < 0)
			return;
		if (server.nconns == MAX_CONNECTIONS) {
			log_error("control: more than %d connections, refusing one",
				  MAX_CONNECTIONS);
			close(fd);
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->watch.fd = fd;
		c->watch.ready = conn_ready;
		if (loop_add(&c->watch, EPOLLIN) < 0) {
			close(fd);
			free(c);
			continue;
		}
		c->watched = true;
		c->next = server.conns;
		server.conns = c;
		server.nconns++;
	}
}

int
control_listen(const char *path, bool lossless)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *tmp = NULL;
	int fd = -1;
	int rc;

	if (strlen(path) + 5 > sizeof(sa.sun_path) - 1)
		return -ENAMETOOLONG;
	server.path = strdup(path);
	if (!server.path || asprintf(&tmp, "%s.tmp", path) < 0) {
		rc = -ENOMEM;
		tmp = NULL;
		goto err;
	}
	memcpy(sa.sun_path, tmp, strlen(tmp) + 1);
	unlink(tmp);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 16) < 0 ||
	    rename(tmp, path) < 0) {
		rc = -errno;
		unlink(tmp);
		goto err;
	}
	server.listener.fd = fd;
	server.listener.ready = listener_ready;
	server.lossless = lossless;
	rc = loop_add(&server.listener, EPOLLIN);
	if (rc < 0) {
		unlink(path);
		goto err;
	}
	free(tmp);
	return 0;
err:
	if (fd >= 0)
		close(fd);
	server.listener.fd = -1;
	free(tmp);
	free(server.path);
	server.path = NULL;
	return rc;
}

void
control_close(void)
{
	while (server.conns)
		conn_close(server.conns);
	if (server.listener.fd >= 0) {
		loop_remove(&server.listener);
		close(server.listener.fd);
		server.listener.fd = -1;
	}
	if (server.path)
		unlink(server.path);
	free(server.path);
	server.path = NULL;
}

void
control_resume(void)
{
	struct conn *c = server.conns;

	while (c) {
		struct conn *next = c->next;

		if (c->waiting)
			advance(c);
		c = next;
	}
}

int
control_timeout_ms(void)
{
	struct timespec now;
	long best = -1;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (struct conn *c = server.conns; c; c = c->next) {
		long left;

		if (!c->waiting)
			continue;
		left = LOSSLESS_PATIENCE_MS - elapsed_ms(&c->wait_since, &now);
		if (left < 0)
			left = 0;
		if (best < 0 || left < best)
			best = left + 1;
	}
	return (int)best;
}
