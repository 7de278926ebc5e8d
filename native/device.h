/* device.h: one served input device: host evdev, vhost-user socket, guest memory, two rings, counters. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "backlog.h"
#include "frames.h"
#include "guest_mem.h"
#include "input_source.h"
#include "pacing.h"
#include "seam.h"
#include "virtio_input.h"
#include "vring.h"

#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX 29

/* What vdi_device_pump() reports; Java acts on these (seam.h lists them). */
enum vdi_pump_bit {
#define VDI_PUMP_BIT_ENUM(name, bit, meaning) PUMP_##name = bit,
	VDI_PUMP_BITS(VDI_PUMP_BIT_ENUM)
#undef VDI_PUMP_BIT_ENUM
};

/* Indices into the counters array (seam.h lists them, for Java too). */
enum vdi_counter {
#define VDI_COUNTER_ENUM(name, meaning) VDI_##name,
	VDI_COUNTERS(VDI_COUNTER_ENUM)
#undef VDI_COUNTER_ENUM
	VDI_COUNTER_COUNT
};

/* Events read from the host device per turn before the ring gets its share;
 * more are read on the next turn without sleeping. Less than
 * BACKLOG_HEADROOM, so a read that starts with room never overflows. */
#define DEVICE_READ_BATCH 256
/* Events of a burst that may go to the guest at once: half the smallest
 * evdev client queue Linux gives a device (64), so the guest's reader has
 * room for what it has not read yet. */
#define DEVICE_BURST_BUDGET 32

_Static_assert(DEVICE_READ_BATCH < BACKLOG_HEADROOM, "a read batch fits in the headroom");

struct vdi_device {
	struct input_source *source; /* NULL once gone */
	int epoll_fd;
	int listen_fd;
	int conn_fd; /* -1 while listening */
	int wake_fd;
	bool source_pending;   /* input may be waiting: epoll is edge-triggered, so remember it */
	int64_t full_since_ns; /* when the backlog became nearly full, or 0 */
	int64_t paced_until_ns; /* when the next frame of a burst may go, or 0 */
	int report;            /* PUMP_* bits seen since the last pump return */
	struct input_facts facts; /* the source's, kept after it vanishes: the guest's config space */
	struct input_event batch[DEVICE_READ_BATCH];
	struct frames frames;

	/* The front-end's guest. Whether input flows is vring_running() of the
	 * event ring, derived; eventq_was_running only detects its changes. */
	struct guest_mem mem;
	struct vring vq[VIRTIO_INPUT_NUM_QUEUES];
	bool eventq_was_running;
	struct backlog backlog;
	struct pacing pacing;

	uint64_t pump_returns, events_read, events_delivered, kicks;
	uint64_t status_applied, status_dropped;
};

/**
 * Creates a device serving source on the listening socket listen_fd. Frames
 * of a burst go to the guest at burst_rate events per second at most (0:
 * as fast as it takes them).
 *
 * @return 0 and the device in *out, which then owns source and listen_fd; or
 * -errno, leaving both with the caller.
 */
int vdi_device_create(struct input_source *source, int listen_fd, uint32_t burst_rate,
		      struct vdi_device **out);

/** Closes every fd, unmaps guest memory and frees the device and its source. */
void vdi_device_destroy(struct vdi_device *d);

/**
 * Accepts a waiting front-end and watches its socket instead of the listening one.
 *
 * @return the connection fd (owned by the device), -EAGAIN if none is
 * waiting, -EISCONN if one is connected already, or -errno.
 */
int vdi_device_accept(struct vdi_device *d);

/** Drops the front-end: closes its socket, forgets memory, rings and features, and listens again. */
void vdi_device_disconnect(struct vdi_device *d);

/** Returns the connection fd, or -1 while listening. */
int vdi_device_conn_fd(const struct vdi_device *d);

/** Makes a pump in progress (or the next one) return PUMP_WAKE. Returns 0 or -errno. */
int vdi_device_wake(struct vdi_device *d);

/**
 * Waits up to timeout_ms (-1: forever) and handles evdev input and queue
 * kicks itself; returns only when Java has something to do.
 *
 * @return a mask of PUMP_* bits, 0 on timeout, or -errno.
 */
int vdi_device_pump(struct vdi_device *d, int timeout_ms);

/** Copies up to n counters, indexed by enum vdi_counter. Returns how many. */
int vdi_device_counters(const struct vdi_device *d, uint64_t *out, int n);

/* Front-end requests. Each returns 0 (or a value >= 0) or -errno; -EINVAL
 * for a bad queue index or value. fds passed in are owned by the device from
 * the call on, whatever it returns. */

/** Replaces guest memory with n regions backed by fds. */
int vdi_device_set_mem_table(struct vdi_device *d, const struct guest_region_desc *regions,
			     const int *fds, int n);
/** Records acked virtio features (EVENT_IDX matters). */
int vdi_device_set_features(struct vdi_device *d, uint64_t features);
/** Sets a ring's size: a power of two up to VRING_MAX_NUM; -EBUSY while it runs. */
int vdi_device_set_vring_num(struct vdi_device *d, int q, uint32_t num);
/** Sets a ring's front-end addresses; -EFAULT if memory is known and they are not inside it. */
int vdi_device_set_vring_addr(struct vdi_device *d, int q, uint64_t desc, uint64_t used,
			      uint64_t avail);
/** Sets the next available index; -EBUSY while the ring is started. */
int vdi_device_set_vring_base(struct vdi_device *d, int q, uint32_t base);
/** Stops the ring. Returns its next available index. */
int vdi_device_get_vring_base(struct vdi_device *d, int q);
/** Sets the kick fd (-1: none) and starts the ring. */
int vdi_device_set_vring_kick(struct vdi_device *d, int q, int fd);
/** Sets the call fd (-1: none). */
int vdi_device_set_vring_call(struct vdi_device *d, int q, int fd);
/** Sets the error fd (-1: none). */
int vdi_device_set_vring_err(struct vdi_device *d, int q, int fd);
/** Enables or disables the ring. */
int vdi_device_set_vring_enable(struct vdi_device *d, int q, bool enable);
/** Stops both rings and forgets memory and features; the connection stays. */
void vdi_device_reset(struct vdi_device *d);
