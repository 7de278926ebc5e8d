/* pump.c: the device's epoll loop: host input to the event ring, status ring to LEDs, wake-ups for Java. */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "device_internal.h"

/* How long a guest may take no events at all, while the backlog is full,
 * before reading resumes and the oldest frames are dropped instead: long
 * enough to ride out a descheduled vCPU, short enough that a stalled guest
 * cannot freeze input for long. */
#define PUMP_STALL_NS (250 * 1000 * 1000LL)

/* Returns CLOCK_MONOTONIC in nanoseconds. */
static int64_t
pump_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Returns whether input is delivered: the event ring runs and the model of
 * the guest is known. */
static bool
pump_input_wanted(const struct vdi_device *d)
{
	return vring_running(&d->vq[VIRTIO_INPUT_EVENTQ]) && d->backlog.model_valid;
}

/* frames_sink: queues a whole frame for the guest. */
static void
pump_queue_frame(void *ctx, const struct virtio_input_event *events, uint32_t n, bool burst)
{
	struct vdi_device *d = ctx;

	backlog_add_frame(&d->backlog, &d->facts, events, n, burst);
	if (!burst)
		pacing_earn(&d->pacing, n);
	pacing_queued(&d->pacing, backlog_queued(&d->backlog));
}

/* Stops reading a vanished host device. */
static void
pump_source_gone(struct vdi_device *d)
{
	device_epoll_del(d, d->source->fd);
	input_source_close(d->source);
	d->source = NULL;
	d->source_pending = false;
	d->report |= PUMP_DEVICE_GONE;
}

/* Reads one batch from the host device into frames, or discards it if input
 * is not wanted. Returns the number of events read, or -errno (the source is
 * then gone, unless it was -EAGAIN). */
static int
pump_read_batch(struct vdi_device *d, bool keep)
{
	int n, i;

	n = input_source_read(d->source, d->batch, DEVICE_READ_BATCH);
	if (n == -EAGAIN) {
		d->source_pending = false;
		return 0;
	}
	if (n < 0) {
		pump_source_gone(d);
		return n;
	}
	d->events_read += n;
	for (i = 0; i < n; i++)
		frames_add(&d->frames, &d->batch[i], keep, pump_queue_frame, d);
	/* A short read took everything queued; the next event raises a new edge. */
	d->source_pending = n == DEVICE_READ_BATCH;
	return n;
}

/* Queues the device's state for the guest, read after everything queued
 * before it: the resync after a SYN_DROPPED or a ring restart. */
static void
pump_queue_device_state(struct vdi_device *d)
{
	struct input_state state;

	frames_state_taken(&d->frames);
	if (!d->source || input_source_snapshot(d->source, &state) < 0)
		return; /* a vanished device is handled by the next read */
	backlog_add_state(&d->backlog, &d->facts, &state);
}

/* Reads and throws away whatever the host device has queued. */
static void
pump_discard_pending_input(struct vdi_device *d)
{
	d->source_pending = true;
	while (d->source && d->source_pending)
		pump_read_batch(d, false);
}

void
device_observe_rings(struct vdi_device *d)
{
	bool running = vring_running(&d->vq[VIRTIO_INPUT_EVENTQ]);

	if (running == d->eventq_was_running)
		return;
	d->eventq_was_running = running;
	if (!running) {
		backlog_stop(&d->backlog);
		d->report |= PUMP_RING_STOPPED;
		return;
	}
	d->report |= PUMP_RING_STARTED;
	vring_no_kicks(&d->vq[VIRTIO_INPUT_EVENTQ]);
	/* Input from before is never replayed; only the state it left is. */
	pump_discard_pending_input(d);
	if (d->backlog.model_valid) {
		pump_queue_device_state(d); /* resumed: the guest still holds what it had */
	} else {
		backlog_begin(&d->backlog);
		frames_state_taken(&d->frames);
	}
}

/* Resets an eventfd (a kick or a wake-up) that epoll reported readable. One
 * read takes the whole counter; a second would only fail with EAGAIN, a
 * syscall per kick for nothing, or block if the front-end's fd is blocking.
 * The fds are level-triggered, so anything left is reported again. */
static void
pump_drain_eventfd(int fd)
{
	uint64_t value;

	if (read(fd, &value, sizeof(value)) < 0) {
		/* EAGAIN: someone else took it; nothing else can fail on an eventfd */
	}
}

/* Copies the 8-byte event into the buffer's segments. */
static void
pump_write_event(const struct vring_buffer *buf, const struct virtio_input_event *e)
{
	struct virtio_input_event le = {
		.type = htole16(e->type),
		.code = htole16(e->code),
		.value = (int32_t)htole32((uint32_t)e->value),
	};
	const uint8_t *src = (const uint8_t *)&le;
	size_t left = sizeof(le);
	int i;

	for (i = 0; i < buf->nsegs && left; i++) {
		size_t n = buf->segs[i].len < left ? buf->segs[i].len : left;

		memcpy(buf->segs[i].ptr, src, n);
		src += n;
		left -= n;
	}
}

/* Returns whether the frame under way may go now: any frame at a device's
 * pace, a frame of a burst when the pacing allows (else it notes when). */
static bool
pump_frame_may_go(struct vdi_device *d, int64_t now)
{
	struct backlog *b = &d->backlog;
	int64_t wait;

	if (b->current_paid)
		return true;
	wait = pacing_applies(&d->pacing, b->current_burst)
		       ? pacing_take(&d->pacing, b->current_len, now)
		       : 0;
	if (wait > 0) {
		d->paced_until_ns = now + wait;
		return false;
	}
	b->current_paid = true;
	return true;
}

/* Moves events from the backlog into guest buffers, one event per buffer,
 * then publishes them at once. */
static void
pump_deliver(struct vdi_device *d)
{
	struct vring *vq = &d->vq[VIRTIO_INPUT_EVENTQ];
	const struct input_facts *facts = &d->facts;
	uint64_t delivered = d->events_delivered;
	int64_t now = pump_now_ns();
	struct vring_buffer buf;
	bool more = false;
	int rc;

	d->paced_until_ns = 0;
	if (!pump_input_wanted(d))
		return;
	for (;;) {
		while ((more = backlog_next(&d->backlog, facts))) {
			if (!pump_frame_may_go(d, now))
				goto publish;
			rc = vring_pop(vq, &d->mem, true, &buf);
			if (rc < 0)
				d->report |= PUMP_RING_BROKEN;
			if (rc == 0)
				pacing_starved(&d->pacing, now);
			if (rc <= 0)
				break;
			if (buf.bad || buf.total < sizeof(struct virtio_input_event)) {
				vring_push(vq, buf.head, 0);
				continue;
			}
			pump_write_event(&buf, backlog_peek(&d->backlog));
			vring_push(vq, buf.head, sizeof(struct virtio_input_event));
			backlog_consume(&d->backlog, facts);
			d->events_delivered++;
			pacing_delivered(&d->pacing, now, backlog_queued(&d->backlog));
		}
		if (!vring_running(vq))
			break;
		if (!more) {
			pacing_queued(&d->pacing, 0);
			/* Nothing to send: the guest's buffers can wait unannounced. */
			vring_no_kicks(vq);
			break;
		}
		/* Out of buffers with events left: have the guest kick when it
		 * re-posts, unless it already has. */
		if (!vring_want_kicks(vq))
			break;
	}
publish:
	vring_flush(vq);
	/* A guest that takes events is not stalled, however full the backlog. */
	if (d->events_delivered != delivered && d->full_since_ns)
		d->full_since_ns = now;
}

/* Reads up to 8 bytes of a device-readable buffer as an event. Returns true if there were 8. */
static bool
pump_read_event(const struct vring_buffer *buf, struct virtio_input_event *e)
{
	struct virtio_input_event le;
	uint8_t *dst = (uint8_t *)&le;
	size_t left = sizeof(le);
	int i;

	if (buf->bad || buf->total < sizeof(le))
		return false;
	for (i = 0; i < buf->nsegs && left; i++) {
		size_t n = buf->segs[i].len < left ? buf->segs[i].len : left;

		memcpy(dst, buf->segs[i].ptr, n);
		dst += n;
		left -= n;
	}
	e->type = le16toh(le.type);
	e->code = le16toh(le.code);
	e->value = (int32_t)le32toh((uint32_t)le.value);
	return true;
}

/* Applies the guest's status events (LEDs, sounds) to the host device. */
static void
pump_process_status(struct vdi_device *d)
{
	struct vring *vq = &d->vq[VIRTIO_INPUT_STATUSQ];
	struct virtio_input_event e;
	struct vring_buffer buf;
	int rc;

	do {
		while ((rc = vring_pop(vq, &d->mem, false, &buf)) == 1) {
			if (pump_read_event(&buf, &e) && d->source &&
			    (e.type == EV_LED || e.type == EV_SND) &&
			    input_source_write_status(d->source, e.type, e.code, e.value) == 0)
				d->status_applied++;
			else
				d->status_dropped++; /* EV_MSC echoes would loop; others are unknown */
			vring_push(vq, buf.head, 0);
		}
		if (rc < 0)
			d->report |= PUMP_RING_BROKEN;
	} while (vring_want_kicks(vq));
	vring_flush(vq);
}

/* Returns 0 if the host device may be read now, or the nanoseconds until
 * it may: while the backlog is nearly full, reading waits for the guest to
 * take events, for at most PUMP_STALL_NS. */
static int64_t
pump_read_delay_ns(struct vdi_device *d, int64_t now)
{
	if (!pump_input_wanted(d) || !backlog_nearly_full(&d->backlog)) {
		d->full_since_ns = 0;
		return 0;
	}
	if (d->full_since_ns == 0)
		d->full_since_ns = now;
	if (now - d->full_since_ns >= PUMP_STALL_NS)
		return 0;
	return PUMP_STALL_NS - (now - d->full_since_ns);
}

/* Reads one batch from the host device if allowed, then the device's state
 * if a SYN_DROPPED asked for it. */
static void
pump_read_input(struct vdi_device *d)
{
	bool keep = pump_input_wanted(d);

	if (!d->source_pending || !d->source || pump_read_delay_ns(d, pump_now_ns()) > 0)
		return;
	pump_read_batch(d, keep);
	if (frames_state_wanted(&d->frames)) {
		if (keep)
			pump_queue_device_state(d);
		else
			frames_state_taken(&d->frames); /* the ring's start resyncs */
	}
}

/* Returns the nanoseconds to wait for: until deadline_ns (-1: none), and no
 * longer than until held-back input may be read or a paced frame may go. */
static int64_t
pump_wait_ns(struct vdi_device *d, int64_t deadline_ns)
{
	int64_t now = pump_now_ns();
	int64_t wait = deadline_ns < 0 ? -1 : deadline_ns > now ? deadline_ns - now : 0;
	int64_t due;

	if (d->source_pending && d->source) {
		due = pump_read_delay_ns(d, now);
		if (wait < 0 || due < wait)
			wait = due;
	}
	if (d->paced_until_ns) {
		due = d->paced_until_ns > now ? d->paced_until_ns - now : 0;
		if (wait < 0 || due < wait)
			wait = due;
	}
	return wait;
}

/* epoll_wait with a nanosecond timeout (-1: forever): pacing needs better
 * than milliseconds. Kernels before 5.11 lack epoll_pwait2; they get
 * milliseconds, rounded up. Returns the number of events, or -errno. */
static int
pump_epoll_wait(struct vdi_device *d, struct epoll_event *events, int max, int64_t wait_ns)
{
	static bool no_pwait2; /* shared by the device threads: atomic accesses only */
	struct timespec ts = { wait_ns / 1000000000, wait_ns % 1000000000 };
	int n;

	if (!__atomic_load_n(&no_pwait2, __ATOMIC_RELAXED)) {
		n = epoll_pwait2(d->epoll_fd, events, max, wait_ns < 0 ? NULL : &ts, NULL);
		if (n >= 0 || errno != ENOSYS)
			return n < 0 ? -errno : n;
		__atomic_store_n(&no_pwait2, true, __ATOMIC_RELAXED);
	}
	n = epoll_wait(d->epoll_fd, events, max,
		       wait_ns < 0 ? -1 : (int)((wait_ns + 999999) / 1000000));
	return n < 0 ? -errno : n;
}

/* Returns the PUMP_* bits gathered so far, counting the return, and clears them. */
static int
pump_return(struct vdi_device *d, int result)
{
	d->report = 0;
	d->pump_returns++;
	return result;
}

int
vdi_device_pump(struct vdi_device *d, int timeout_ms)
{
	struct epoll_event events[8];
	int64_t deadline = timeout_ms < 0 ? -1 : pump_now_ns() + timeout_ms * 1000000LL;

	/* Requests since the last pump (a ring started or stopped) report first. */
	if (d->report)
		return pump_return(d, d->report);
	for (;;) {
		bool status = false;
		int n, i;

		n = pump_epoll_wait(d, events, 8, pump_wait_ns(d, deadline));
		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		for (i = 0; i < n; i++) {
			switch ((enum device_tag)(events[i].data.u64 >> 32)) {
			case TAG_WAKE:
				pump_drain_eventfd(d->wake_fd);
				d->report |= PUMP_WAKE;
				break;
			case TAG_SOCKET:
				d->report |= PUMP_SOCKET;
				break;
			case TAG_SOURCE:
				d->source_pending = true;
				break;
			case TAG_KICK_EVENTQ:
				pump_drain_eventfd(d->vq[VIRTIO_INPUT_EVENTQ].kick_fd);
				d->kicks++;
				break;
			case TAG_KICK_STATUSQ:
				pump_drain_eventfd(d->vq[VIRTIO_INPUT_STATUSQ].kick_fd);
				d->kicks++;
				status = true;
				break;
			}
		}
		pump_read_input(d);
		if (status)
			pump_process_status(d);
		pump_deliver(d);
		device_observe_rings(d);
		if (d->report)
			return pump_return(d, d->report);
		if (deadline >= 0 && pump_now_ns() >= deadline)
			return pump_return(d, 0);
	}
}
