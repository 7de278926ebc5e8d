/* vring.c: the device side of a split virtqueue: validated pops, batched used entries, notifications. */
#include "vring.h"

#include <endian.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

void
vring_init(struct vring *vq)
{
	memset(vq, 0, sizeof(*vq));
	vq->kick_fd = -1;
	vq->call_fd = -1;
	vq->err_fd = -1;
}

void
vring_release(struct vring *vq)
{
	uint64_t calls = vq->calls, bad_buffers = vq->bad_buffers;

	if (vq->kick_fd >= 0)
		close(vq->kick_fd);
	if (vq->call_fd >= 0)
		close(vq->call_fd);
	if (vq->err_fd >= 0)
		close(vq->err_fd);
	vring_init(vq);
	/* Counters describe the device's whole life, across front-ends. */
	vq->calls = calls;
	vq->bad_buffers = bad_buffers;
}

/* Returns the address of avail's used_event field. */
static uint16_t *
vring_used_event(const struct vring *vq)
{
	return &vq->avail->ring[vq->num];
}

/* Returns the address of used's avail_event field. */
static uint16_t *
vring_avail_event(const struct vring *vq)
{
	return (uint16_t *)&vq->used->ring[vq->num];
}

int
vring_map(struct vring *vq, const struct guest_mem *mem)
{
	uint64_t event_bytes = vq->event_idx ? 2 : 0;
	uint64_t desc_len, avail_len, used_len;

	vring_unmap(vq);
	if (vq->num == 0 || !vq->addr_set)
		return -EINVAL;
	desc_len = 16ull * vq->num;
	avail_len = 4 + 2ull * vq->num + event_bytes;
	used_len = 4 + 8ull * vq->num + event_bytes;

	vq->desc = guest_mem_from_uaddr(mem, vq->desc_uaddr, desc_len);
	vq->avail = guest_mem_from_uaddr(mem, vq->avail_uaddr, avail_len);
	vq->used = guest_mem_from_uaddr(mem, vq->used_uaddr, used_len);
	if (!vq->desc || !vq->avail || !vq->used) {
		vring_unmap(vq);
		return -EFAULT;
	}
	if ((uintptr_t)vq->desc % 16 || (uintptr_t)vq->avail % 2 || (uintptr_t)vq->used % 4) {
		vring_unmap(vq);
		return -EINVAL;
	}
	return 0;
}

void
vring_unmap(struct vring *vq)
{
	vq->desc = NULL;
	vq->avail = NULL;
	vq->used = NULL;
}

bool
vring_running(const struct vring *vq)
{
	return vq->desc && vq->started && vq->enabled && !vq->broken;
}

/* Reads one descriptor exactly once, so the guest cannot change it between checks. */
static void
vring_read_desc(const struct vring_desc *table, uint32_t i, struct vring_desc *out)
{
	const volatile struct vring_desc *d = &table[i];

	out->addr = le64toh(d->addr);
	out->len = le32toh(d->len);
	out->flags = le16toh(d->flags);
	out->next = le16toh(d->next);
}

/* Walks the chain at head into buf, setting buf->bad on any violation. */
static void
vring_walk(const struct vring *vq, const struct guest_mem *mem, bool device_writes,
	   struct vring_buffer *buf)
{
	const struct vring_desc *table = vq->desc;
	uint32_t table_size = vq->num;
	uint32_t i = buf->head, seen = 0;
	bool indirect = false;
	struct vring_desc d;

	for (;;) {
		if (i >= table_size || ++seen > table_size) {
			buf->bad = true; /* out of range, or a loop */
			return;
		}
		vring_read_desc(table, i, &d);

		if (d.flags & VRING_DESC_F_INDIRECT) {
			if (indirect || (d.flags & VRING_DESC_F_NEXT) || d.len == 0 ||
			    d.len % sizeof(struct vring_desc) ||
			    d.len / sizeof(struct vring_desc) > VRING_MAX_NUM) {
				buf->bad = true;
				return;
			}
			table = guest_mem_from_gpa(mem, d.addr, d.len);
			if (!table || (uintptr_t)table % 16) {
				buf->bad = true;
				return;
			}
			table_size = d.len / sizeof(struct vring_desc);
			indirect = true;
			i = 0;
			seen = 0;
			continue;
		}

		if (!!(d.flags & VRING_DESC_F_WRITE) != device_writes) {
			buf->bad = true;
			return;
		}
		if (d.len > 0) {
			uint8_t *ptr = guest_mem_from_gpa(mem, d.addr, d.len);

			if (!ptr) {
				buf->bad = true;
				return;
			}
			if (buf->nsegs < VRING_MAX_SEGMENTS) {
				buf->segs[buf->nsegs].ptr = ptr;
				buf->segs[buf->nsegs].len = d.len;
				buf->nsegs++;
				buf->total += d.len;
			}
		}
		if (!(d.flags & VRING_DESC_F_NEXT))
			return;
		i = d.next;
	}
}

int
vring_pop(struct vring *vq, const struct guest_mem *mem, bool device_writes,
	  struct vring_buffer *buf)
{
	uint16_t avail_idx, head;

	if (!vring_running(vq))
		return 0;
	avail_idx = le16toh(__atomic_load_n(&vq->avail->idx, __ATOMIC_ACQUIRE));
	if (avail_idx == vq->last_avail_idx)
		return 0;
	if ((uint16_t)(avail_idx - vq->last_avail_idx) > vq->num) {
		vq->broken = true;
		return -EIO;
	}
	head = le16toh(__atomic_load_n(&vq->avail->ring[vq->last_avail_idx & (vq->num - 1)],
				       __ATOMIC_RELAXED));
	if (head >= vq->num) {
		vq->broken = true;
		return -EIO;
	}
	vq->last_avail_idx++;

	memset(buf, 0, sizeof(*buf));
	buf->head = head;
	vring_walk(vq, mem, device_writes, buf);
	if (buf->bad)
		vq->bad_buffers++;
	return 1;
}

void
vring_push(struct vring *vq, uint16_t head, uint32_t len)
{
	struct vring_used_elem *e = &vq->used->ring[vq->used_idx & (vq->num - 1)];

	e->id = htole32(head);
	e->len = htole32(len);
	vq->used_idx++;
}

int
vring_flush(struct vring *vq)
{
	uint16_t old = vq->signalled_used, new = vq->used_idx;
	bool notify;
	uint64_t one = 1;

	if (!vq->used || vq->used_idx == vq->published_used)
		return 0;
	__atomic_store_n(&vq->used->idx, htole16(new), __ATOMIC_RELEASE);
	vq->published_used = new;
	/* The driver's used_event or flags must be read after our idx store. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	if (vq->event_idx) {
		uint16_t event = le16toh(__atomic_load_n(vring_used_event(vq), __ATOMIC_RELAXED));

		notify = !vq->signalled_used_valid || vring_need_event(event, new, old);
		vq->signalled_used = new;
		vq->signalled_used_valid = true;
	} else {
		notify = !(le16toh(__atomic_load_n(&vq->avail->flags, __ATOMIC_RELAXED)) &
			   VRING_AVAIL_F_NO_INTERRUPT);
	}
	if (!notify || vq->call_fd < 0)
		return 0;
	if (write(vq->call_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return -errno;
	vq->calls++;
	return 1;
}

bool
vring_want_kicks(struct vring *vq)
{
	uint16_t avail_idx;

	if (!vring_running(vq))
		return false;
	if (vq->event_idx) {
		__atomic_store_n(vring_avail_event(vq), htole16(vq->last_avail_idx), __ATOMIC_RELAXED);
	} else {
		uint16_t flags = le16toh(vq->used->flags) & ~VRING_USED_F_NO_NOTIFY;

		__atomic_store_n(&vq->used->flags, htole16(flags), __ATOMIC_RELAXED);
	}
	/* Publish the request before looking again, or a buffer added in
	 * between would wait for a kick that never comes. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	avail_idx = le16toh(__atomic_load_n(&vq->avail->idx, __ATOMIC_ACQUIRE));
	return avail_idx != vq->last_avail_idx;
}

void
vring_no_kicks(struct vring *vq)
{
	uint16_t flags;

	if (!vq->used || vq->event_idx)
		return;
	flags = le16toh(vq->used->flags) | VRING_USED_F_NO_NOTIFY;
	__atomic_store_n(&vq->used->flags, htole16(flags), __ATOMIC_RELAXED);
}
