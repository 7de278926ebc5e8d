/* device.c: one served input device: lifecycle, connection and the front-end's ring and memory requests. */
#include "device.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "device_internal.h"
#include "uds.h"

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

int
vdi_device_create(struct input_source *source, int listen_fd, uint32_t burst_rate,
		  struct vdi_device **out)
{
	struct vdi_device *d;
	int rc, q;

	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->conn_fd = -1;
	d->listen_fd = -1;
	d->epoll_fd = -1;
	d->wake_fd = -1;
	for (q = 0; q < VIRTIO_INPUT_NUM_QUEUES; q++)
		vring_init(&d->vq[q]);
	/* The config space offers EV_REP whenever the host device has it, and
	 * the guest then repeats held keys on its own. */
	frames_init(&d->frames, source->has_repeat);
	backlog_init(&d->backlog);
	pacing_init(&d->pacing, burst_rate, DEVICE_BURST_BUDGET);

	d->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epoll_fd < 0) {
		rc = -errno;
		goto err;
	}
	d->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->wake_fd < 0) {
		rc = -errno;
		goto err;
	}
	rc = device_epoll_add(d, d->wake_fd, TAG_WAKE, EPOLLIN);
	if (rc < 0)
		goto err;
	rc = device_epoll_add(d, listen_fd, TAG_SOCKET, EPOLLIN);
	if (rc < 0)
		goto err;
	/* Edge-triggered: every read takes what is queued, and on FUSE each
	 * level-triggered re-check would cost a round trip. */
	rc = device_epoll_add(d, source->fd, TAG_SOURCE, EPOLLIN | EPOLLET);
	if (rc < 0)
		goto err;

	d->listen_fd = listen_fd;
	d->source = source;
	d->facts = source->facts;
	*out = d;
	return 0;

err:
	if (d->wake_fd >= 0)
		close(d->wake_fd);
	if (d->epoll_fd >= 0)
		close(d->epoll_fd);
	free(d);
	return rc;
}

/* Forgets all front-end state: rings (closing their fds), memory, features, frames. */
static void
device_forget_frontend(struct vdi_device *d)
{
	int q;

	for (q = 0; q < VIRTIO_INPUT_NUM_QUEUES; q++) {
		if (d->vq[q].kick_fd >= 0)
			device_epoll_del(d, d->vq[q].kick_fd);
		vring_release(&d->vq[q]);
	}
	guest_mem_clear(&d->mem);
	device_observe_rings(d);
	/* A new driver starts from an empty device. */
	backlog_init(&d->backlog);
}

void
vdi_device_destroy(struct vdi_device *d)
{
	if (!d)
		return;
	vdi_device_disconnect(d);
	device_forget_frontend(d);
	if (d->listen_fd >= 0)
		close(d->listen_fd);
	close(d->wake_fd);
	close(d->epoll_fd);
	input_source_close(d->source);
	free(d);
}

int
vdi_device_accept(struct vdi_device *d)
{
	int fd, rc;

	if (d->conn_fd >= 0)
		return -EISCONN;
	fd = uds_accept(d->listen_fd);
	if (fd < 0)
		return fd;
	rc = device_epoll_add(d, fd, TAG_SOCKET, EPOLLIN);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	/* One front-end at a time: the next waits in the listen backlog. */
	device_epoll_del(d, d->listen_fd);
	d->conn_fd = fd;
	return fd;
}

void
vdi_device_disconnect(struct vdi_device *d)
{
	if (d->conn_fd < 0)
		return;
	device_epoll_del(d, d->conn_fd);
	close(d->conn_fd);
	d->conn_fd = -1;
	device_forget_frontend(d);
	device_epoll_add(d, d->listen_fd, TAG_SOCKET, EPOLLIN);
}

int
vdi_device_conn_fd(const struct vdi_device *d)
{
	return d->conn_fd;
}

int
vdi_device_wake(struct vdi_device *d)
{
	uint64_t one = 1;

	if (write(d->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return -errno;
	return 0;
}

int
vdi_device_counters(const struct vdi_device *d, uint64_t *out, int n)
{
	uint64_t all[VDI_COUNTER_COUNT] = {
		[VDI_PUMP_RETURNS] = d->pump_returns,
		[VDI_EVENTS_READ] = d->events_read,
		[VDI_EVENTS_DELIVERED] = d->events_delivered,
		[VDI_EVENTS_DISCARDED] = d->frames.events_discarded,
		[VDI_FRAMES_DROPPED] = d->backlog.frames_dropped,
		[VDI_FRAMES_SPLIT] = d->frames.frames_split,
		[VDI_RESYNCS] = d->backlog.resyncs,
		[VDI_EVENTQ_CALLS] = d->vq[VIRTIO_INPUT_EVENTQ].calls,
		[VDI_STATUSQ_CALLS] = d->vq[VIRTIO_INPUT_STATUSQ].calls,
		[VDI_KICKS] = d->kicks,
		[VDI_BAD_BUFFERS] = d->vq[0].bad_buffers + d->vq[1].bad_buffers,
		[VDI_STATUS_APPLIED] = d->status_applied,
		[VDI_STATUS_DROPPED] = d->status_dropped,
		[VDI_SYN_DROPPED] = d->frames.syn_dropped,
		[VDI_REPEATS_DROPPED] = d->frames.repeats_dropped,
		[VDI_FRAMES_PACED] = d->pacing.frames_paced,
		[VDI_GUEST_STALLS] = d->pacing.guest_stalls,
	};
	int i;

	if (n > VDI_COUNTER_COUNT)
		n = VDI_COUNTER_COUNT;
	for (i = 0; i < n; i++)
		out[i] = all[i];
	return n < 0 ? 0 : n;
}

/* Returns the ring for q, or NULL if q is not a queue of this device. */
static struct vring *
device_vring(struct vdi_device *d, int q)
{
	if (q < 0 || q >= VIRTIO_INPUT_NUM_QUEUES)
		return NULL;
	return &d->vq[q];
}

/* Maps vq if it has everything it needs. Returns 0 or -errno. */
static int
device_map_vring(struct vdi_device *d, struct vring *vq)
{
	if (d->mem.nregions == 0 || vq->num == 0 || !vq->addr_set)
		return 0;
	return vring_map(vq, &d->mem);
}

int
vdi_device_set_mem_table(struct vdi_device *d, const struct guest_region_desc *regions,
			 const int *fds, int n)
{
	int rc, q;

	rc = guest_mem_set(&d->mem, regions, fds, n);
	if (rc < 0)
		return rc;
	for (q = 0; q < VIRTIO_INPUT_NUM_QUEUES; q++) {
		int r = device_map_vring(d, &d->vq[q]);

		if (r < 0)
			rc = r;
	}
	device_observe_rings(d);
	return rc;
}

int
vdi_device_set_features(struct vdi_device *d, uint64_t features)
{
	int rc = 0, q;

	for (q = 0; q < VIRTIO_INPUT_NUM_QUEUES; q++) {
		int r;

		d->vq[q].event_idx = features & (1ull << VIRTIO_RING_F_EVENT_IDX);
		r = device_map_vring(d, &d->vq[q]);
		if (r < 0)
			rc = r;
	}
	device_observe_rings(d);
	return rc;
}

int
vdi_device_set_vring_num(struct vdi_device *d, int q, uint32_t num)
{
	struct vring *vq = device_vring(d, q);
	int rc;

	if (!vq || num == 0 || num > VRING_MAX_NUM || (num & (num - 1)))
		return -EINVAL;
	if (vq->started)
		return -EBUSY;
	vq->num = num;
	rc = device_map_vring(d, vq);
	device_observe_rings(d);
	return rc;
}

int
vdi_device_set_vring_addr(struct vdi_device *d, int q, uint64_t desc, uint64_t used,
			  uint64_t avail)
{
	struct vring *vq = device_vring(d, q);
	int rc;

	if (!vq)
		return -EINVAL;
	vq->desc_uaddr = desc;
	vq->used_uaddr = used;
	vq->avail_uaddr = avail;
	vq->addr_set = true;
	rc = device_map_vring(d, vq);
	device_observe_rings(d);
	return rc;
}

int
vdi_device_set_vring_base(struct vdi_device *d, int q, uint32_t base)
{
	struct vring *vq = device_vring(d, q);

	if (!vq || base > UINT16_MAX)
		return -EINVAL;
	if (vq->started)
		return -EBUSY;
	vq->last_avail_idx = base;
	vq->used_idx = base;
	vq->broken = false; /* a restarted ring gets a fresh chance */
	vq->published_used = base;
	vq->signalled_used_valid = false;
	return 0;
}

int
vdi_device_get_vring_base(struct vdi_device *d, int q)
{
	struct vring *vq = device_vring(d, q);

	if (!vq)
		return -EINVAL;
	vring_flush(vq);
	vq->started = false;
	if (vq->kick_fd >= 0) {
		device_epoll_del(d, vq->kick_fd);
		close(vq->kick_fd);
		vq->kick_fd = -1;
	}
	device_observe_rings(d);
	return vq->last_avail_idx;
}

int
vdi_device_set_vring_kick(struct vdi_device *d, int q, int fd)
{
	struct vring *vq = device_vring(d, q);
	int rc;

	if (!vq) {
		if (fd >= 0)
			close(fd);
		return -EINVAL;
	}
	if (vq->kick_fd >= 0) {
		device_epoll_del(d, vq->kick_fd);
		close(vq->kick_fd);
		vq->kick_fd = -1;
	}
	if (fd >= 0) {
		rc = device_epoll_add(d, fd, q == VIRTIO_INPUT_EVENTQ ? TAG_KICK_EVENTQ : TAG_KICK_STATUSQ,
				      EPOLLIN);
		if (rc < 0) {
			close(fd);
			return rc;
		}
		vq->kick_fd = fd;
	}
	vq->started = true;
	device_observe_rings(d);
	return 0;
}

/* Gives fd to ring q's call fd (call true) or error fd, closing the old one.
 * Returns 0, or -EINVAL for a bad q (fd is then closed). */
static int
device_set_vring_fd(struct vdi_device *d, int q, int fd, bool call)
{
	struct vring *vq = device_vring(d, q);
	int *slot;

	if (!vq) {
		if (fd >= 0)
			close(fd);
		return -EINVAL;
	}
	slot = call ? &vq->call_fd : &vq->err_fd;
	if (*slot >= 0)
		close(*slot);
	*slot = fd;
	if (call)
		vq->signalled_used_valid = false;
	return 0;
}

int
vdi_device_set_vring_call(struct vdi_device *d, int q, int fd)
{
	return device_set_vring_fd(d, q, fd, true);
}

int
vdi_device_set_vring_err(struct vdi_device *d, int q, int fd)
{
	return device_set_vring_fd(d, q, fd, false);
}

int
vdi_device_set_vring_enable(struct vdi_device *d, int q, bool enable)
{
	struct vring *vq = device_vring(d, q);

	if (!vq)
		return -EINVAL;
	vq->enabled = enable;
	device_observe_rings(d);
	return 0;
}

void
vdi_device_reset(struct vdi_device *d)
{
	device_forget_frontend(d);
}
