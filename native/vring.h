/* vring.h: the device side of a split virtqueue: validated pops, batched used entries, notifications. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "guest_mem.h"

/* The virtio spec's largest queue size. */
#define VRING_MAX_NUM 32768

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
#define VRING_USED_F_NO_NOTIFY 1
#define VRING_AVAIL_F_NO_INTERRUPT 1

/* A buffer's first segments; an input event needs only 8 bytes. */
#define VRING_MAX_SEGMENTS 4

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
	/* then le16 used_event, with VIRTIO_F_EVENT_IDX */
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
	/* then le16 avail_event, with VIRTIO_F_EVENT_IDX */
};

struct vring_segment {
	uint8_t *ptr;
	uint32_t len;
};

/* One popped descriptor chain: the segments in the direction asked for. */
struct vring_buffer {
	uint16_t head;
	bool bad; /* malformed chain: give it back with len 0 and do not touch it */
	int nsegs;
	struct vring_segment segs[VRING_MAX_SEGMENTS];
	uint32_t total; /* bytes in segs */
};

struct vring {
	/* Set by the front-end. */
	uint16_t num;
	bool addr_set;
	uint64_t desc_uaddr, avail_uaddr, used_uaddr;
	bool event_idx;
	bool enabled;
	bool started; /* has a kick fd and no GET_VRING_BASE since */
	int kick_fd, call_fd, err_fd;

	/* Our state. */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t last_avail_idx;
	uint16_t used_idx; /* next used slot; published up to published_used */
	uint16_t published_used;
	uint16_t signalled_used;
	bool signalled_used_valid;
	bool broken; /* the driver broke the ring's invariants; stop using it */

	/* Counters. */
	uint64_t calls, bad_buffers;
};

/** Resets vq to "nothing set", with no fds. Does not close any fd. */
void vring_init(struct vring *vq);

/** Closes the ring's fds and resets it like vring_init(), keeping the counters. */
void vring_release(struct vring *vq);

/**
 * Translates the ring's addresses through mem and checks that each part lies
 * inside one region and is aligned.
 *
 * @return 0; -EINVAL if num or the addresses are not set, or a part is
 * misaligned; -EFAULT if a part is not inside guest memory.
 */
int vring_map(struct vring *vq, const struct guest_mem *mem);

/** Forgets the translated pointers (before memory is unmapped). */
void vring_unmap(struct vring *vq);

/** Returns true if the ring is mapped, started, enabled and not broken. */
bool vring_running(const struct vring *vq);

/**
 * Returns whether event and new differ such that a notification is due:
 * the virtio spec's vring_need_event().
 */
static inline bool
vring_need_event(uint16_t event_idx, uint16_t new_idx, uint16_t old_idx)
{
	return (uint16_t)(new_idx - event_idx - 1) < (uint16_t)(new_idx - old_idx);
}

/**
 * Takes the next available chain, validated: bounded by the ring size, every
 * segment inside guest memory, direction as asked, indirect tables well
 * formed. A malformed chain with a valid head comes back with buf->bad set.
 *
 * @return 1 with a buffer in *buf, 0 if none is available, or -EIO if the
 * avail ring itself is corrupt (the ring is then marked broken).
 */
int vring_pop(struct vring *vq, const struct guest_mem *mem, bool device_writes,
	      struct vring_buffer *buf);

/** Queues a used entry; it becomes visible at the next vring_flush(). */
void vring_push(struct vring *vq, uint16_t head, uint32_t len);

/**
 * Publishes the queued used entries with one release store of used->idx, then
 * signals the call fd if the driver wants it (EVENT_IDX or NO_INTERRUPT).
 *
 * @return 1 if the guest was signalled, 0 if not, or -errno from the eventfd.
 */
int vring_flush(struct vring *vq);

/**
 * Asks the driver to kick when it adds the next buffer.
 *
 * @return true if buffers are already available (pop again: no kick will come for them).
 */
bool vring_want_kicks(struct vring *vq);

/** Tells the driver that kicks are not needed (without EVENT_IDX; with it, a stale event index does the same). */
void vring_no_kicks(struct vring *vq);
