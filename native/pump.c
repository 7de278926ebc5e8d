/* pump.c: the device's epoll loop: evdev input to the event ring, status ring to LEDs, wake-ups for Java. */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "device_epoll.h"

/* Events read per turn before the ring gets its share; more are read on the
 * next turn without sleeping. Less than FRAMES_HEADROOM, so a read that
 * starts with room never overflows the backlog. */
#define PUMP_READ_BATCH 256
/* How long a guest may take no events at all, while the backlog is full,
 * before reading resumes and the oldest frames are dropped instead: long
 * enough to ride out a descheduled vCPU, short enough that a stalled guest
 * cannot freeze input for long. */
#define PUMP_STALL_NS (250 * 1000 * 1000LL)

static int64_t pump_now_ns(void);

int
device_epoll_add(struct vdi_device *d, int fd, enum device_tag tag, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.u64 = ((uint64_t)tag << 32) | (uint32_t)fd };

	return epoll_ctl(d->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

void
device_epoll_del(struct vdi_device *d, int fd)
{
	epoll_ctl(d->epoll_fd, EPOLL_CTL_DEL, fd, NULL);
}

/* Reads and throws away whatever the host device has queued. */
static void
pump_discard_pending_input(struct vdi_device *d)
{
	bool drained = false;

	if (!d->evdev)
		return;
	while (evdev_device_read(d->evdev, &d->frames, PUMP_READ_BATCH, false, &drained) >= 0 &&
	       !drained)
		;
	d->evdev_pending = false;
	d->evdev_woke = false;
}

void
device_update_running(struct vdi_device *d)
{
	bool running = vring_running(&d->vq[VIRTIO_INPUT_EVENTQ]);

	if (running == d->eventq_running)
		return;
	d->eventq_running = running;
	if (running) {
		/* frames is not accepting yet, so this discards stale input. */
		pump_discard_pending_input(d);
		frames_start(&d->frames);
		vring_no_kicks(&d->vq[VIRTIO_INPUT_EVENTQ]);
	} else {
		frames_stop(&d->frames);
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

/* Moves events from the backlog into guest buffers, one event per buffer,
 * then publishes them at once. */
static void
pump_deliver(struct vdi_device *d)
{
	struct vring *vq = &d->vq[VIRTIO_INPUT_EVENTQ];
	const struct virtio_input_event *e;
	uint64_t delivered = d->events_delivered;
	struct vring_buffer buf;

	if (!vring_running(vq))
		return;
	for (;;) {
		while ((e = frames_peek(&d->frames)) != NULL) {
			if (vring_pop(vq, &d->mem, true, &buf) <= 0)
				break;
			if (buf.bad || buf.total < sizeof(*e)) {
				vring_push(vq, buf.head, 0);
				continue;
			}
			pump_write_event(&buf, e);
			vring_push(vq, buf.head, sizeof(*e));
			frames_consume(&d->frames);
			d->events_delivered++;
		}
		if (!vring_running(vq))
			break;
		if (!e) {
			/* Nothing to send: the guest's buffers can wait unannounced. */
			vring_no_kicks(vq);
			break;
		}
		/* Out of buffers with events left: have the guest kick when it
		 * re-posts, unless it already has. */
		if (!vring_want_kicks(vq))
			break;
	}
	vring_flush(vq);
	/* A guest that takes events is not stalled, however full the backlog. */
	if (d->events_delivered != delivered && d->full_since_ns)
		d->full_since_ns = pump_now_ns();
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

	do {
		while (vring_pop(vq, &d->mem, false, &buf) == 1) {
			if (pump_read_event(&buf, &e) && d->evdev &&
			    (e.type == EV_LED || e.type == EV_SND) &&
			    evdev_device_write_status(d->evdev, e.type, e.code, e.value) == 0)
				d->status_applied++;
			else
				d->status_dropped++; /* EV_MSC echoes would loop; others are unknown */
			vring_push(vq, buf.head, 0);
		}
	} while (vring_want_kicks(vq));
	vring_flush(vq);
}

/* Returns PUMP_RING_BROKEN once for each ring the guest has broken. */
static int
pump_check_broken(struct vdi_device *d)
{
	int q, result = 0;

	for (q = 0; q < VIRTIO_INPUT_NUM_QUEUES; q++) {
		if (d->vq[q].broken && !d->ring_broken_reported[q]) {
			d->ring_broken_reported[q] = true;
			result = PUMP_RING_BROKEN;
		}
	}
	return result;
}

/* Stops reading a vanished host device. */
static void
pump_device_gone(struct vdi_device *d)
{
	device_epoll_del(d, d->evdev->fd);
	evdev_device_close(d->evdev);
	d->evdev = NULL;
	d->evdev_pending = false;
}

/* Returns CLOCK_MONOTONIC in nanoseconds. */
static int64_t
pump_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Returns 0 if the host device may be read now, or the nanoseconds until
 * it may: while the backlog is nearly full, reading waits for the guest to
 * take events, for at most PUMP_STALL_NS. */
static int64_t
pump_read_delay_ns(struct vdi_device *d, int64_t now)
{
	if (!d->frames.accepting || !frames_nearly_full(&d->frames)) {
		d->full_since_ns = 0;
		return 0;
	}
	if (d->full_since_ns == 0)
		d->full_since_ns = now;
	if (now - d->full_since_ns >= PUMP_STALL_NS)
		return 0;
	return PUMP_STALL_NS - (now - d->full_since_ns);
}

/* Returns the epoll timeout for this turn: 0 if input can be read now,
 * else the caller's timeout, shortened to when a held-up read is due. */
static int
pump_wait_ms(struct vdi_device *d, int timeout_ms)
{
	int64_t delay;
	int delay_ms;

	if (!d->evdev_pending || !d->evdev)
		return timeout_ms;
	delay = pump_read_delay_ns(d, pump_now_ns());
	if (delay == 0)
		return 0;
	delay_ms = (int)((delay + 999999) / 1000000);
	return timeout_ms < 0 || delay_ms < timeout_ms ? delay_ms : timeout_ms;
}

/* Reads one batch from the host device if allowed. The first frame after a
 * wake-up ends the batch early: it goes to the guest before the read that
 * finds the device empty, which on a FUSE device is a round trip and on any
 * device a syscall off the latency path. Returns PUMP_DEVICE_GONE or 0. */
static int
pump_read_input(struct vdi_device *d)
{
	bool drained = false;
	bool urgent;
	int rc;

	if (!d->evdev_pending || !d->evdev || pump_read_delay_ns(d, pump_now_ns()) > 0)
		return 0;
	urgent = d->evdev_woke;
	d->evdev_woke = false;
	rc = evdev_device_read(d->evdev, &d->frames, PUMP_READ_BATCH, urgent, &drained);
	if (rc < 0 && rc != -EAGAIN) {
		pump_device_gone(d);
		return PUMP_DEVICE_GONE;
	}
	if (rc > 0)
		d->events_read += rc;
	d->evdev_pending = rc >= 0 && !drained;
	return 0;
}

int
vdi_device_pump(struct vdi_device *d, int timeout_ms)
{
	struct epoll_event events[8];
	int64_t deadline = timeout_ms < 0 ? -1 : pump_now_ns() + timeout_ms * 1000000LL;
	int result = 0;

	for (;;) {
		int wait = pump_wait_ms(d, timeout_ms);
		bool status = false, urgent;
		int n, i;

		n = epoll_wait(d->epoll_fd, events, 8, wait);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (i = 0; i < n; i++) {
			switch ((enum device_tag)(events[i].data.u64 >> 32)) {
			case TAG_WAKE:
				pump_drain_eventfd(d->wake_fd);
				result |= PUMP_WAKE;
				break;
			case TAG_SOCKET:
				result |= PUMP_SOCKET;
				break;
			case TAG_EVDEV:
				d->evdev_pending = true;
				d->evdev_woke = true;
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
		urgent = d->evdev_woke;
		result |= pump_read_input(d);
		if (status)
			pump_process_status(d);
		pump_deliver(d);
		if (urgent && d->evdev_pending) {
			/* The wake-up's first frame is out: drain the rest now,
			 * without an epoll_wait in between. */
			result |= pump_read_input(d);
			pump_deliver(d);
		}
		result |= pump_check_broken(d);

		if (result) {
			d->pump_returns++;
			return result;
		}
		if (deadline >= 0 && pump_now_ns() >= deadline) {
			d->pump_returns++;
			return 0;
		}
	}
}
