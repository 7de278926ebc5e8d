/* fake_guest.c: a memfd "guest" for C tests: memory regions and a driver-side split ring. */
#include "fake_guest.h"

#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fdio.h"

int
fake_guest_init(struct fake_guest *g)
{
	struct guest_region_desc region = {
		.guest_phys_addr = FAKE_GPA,
		.size = FAKE_SIZE,
		.user_addr = FAKE_UADDR,
		.mmap_offset = 0,
	};
	int fd, rc;

	memset(g, 0, sizeof(*g));
	g->fd = -1;
	fd = fdio_memfd_create("fake-guest", FAKE_SIZE);
	if (fd < 0)
		return fd;
	g->ram = mmap(NULL, FAKE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (g->ram == MAP_FAILED) {
		rc = -errno;
		close(fd);
		return rc;
	}
	g->fd = dup(fd);
	return guest_mem_set(&g->mem, &region, &fd, 1); /* closes fd */
}

void
fake_guest_fini(struct fake_guest *g)
{
	guest_mem_clear(&g->mem);
	munmap(g->ram, FAKE_SIZE);
	if (g->fd >= 0)
		close(g->fd);
}

void *
fake_guest_ptr(struct fake_guest *g, uint64_t gpa)
{
	return g->ram + (gpa - FAKE_GPA);
}

void
fake_guest_layout(struct fake_guest *g, uint16_t num)
{
	g->num = num;
	g->desc_gpa = FAKE_GPA + 0x1000;
	g->avail_gpa = FAKE_GPA + 0x20000;
	g->used_gpa = FAKE_GPA + 0x30000;
	g->avail_idx = 0;
	memset(g->ram, 0, 0x40000);
}

uint64_t
fake_guest_uaddr(uint64_t gpa)
{
	return gpa - FAKE_GPA + FAKE_UADDR;
}

int
fake_guest_ring(struct fake_guest *g, struct vring *vq, uint16_t num, int call_fd)
{
	fake_guest_layout(g, num);
	vring_init(vq);
	vq->num = num;
	vq->desc_uaddr = fake_guest_uaddr(g->desc_gpa);
	vq->avail_uaddr = fake_guest_uaddr(g->avail_gpa);
	vq->used_uaddr = fake_guest_uaddr(g->used_gpa);
	vq->addr_set = true;
	vq->started = true;
	vq->enabled = true;
	vq->call_fd = call_fd;
	return vring_map(vq, &g->mem);
}

void
fake_guest_desc(struct fake_guest *g, uint16_t i, uint64_t addr, uint32_t len,
		uint16_t flags, uint16_t next)
{
	struct vring_desc *d = (struct vring_desc *)fake_guest_ptr(g, g->desc_gpa) + i;

	d->addr = htole64(addr);
	d->len = htole32(len);
	d->flags = htole16(flags);
	d->next = htole16(next);
}

void
fake_guest_post(struct fake_guest *g, uint16_t head)
{
	struct vring_avail *a = fake_guest_ptr(g, g->avail_gpa);

	a->ring[g->avail_idx & (g->num - 1)] = htole16(head);
	g->avail_idx++;
	__atomic_store_n(&a->idx, htole16(g->avail_idx), __ATOMIC_RELEASE);
}

uint16_t
fake_guest_used_idx(struct fake_guest *g)
{
	struct vring_used *u = fake_guest_ptr(g, g->used_gpa);

	return le16toh(__atomic_load_n(&u->idx, __ATOMIC_ACQUIRE));
}

void
fake_guest_used(struct fake_guest *g, uint16_t i, uint32_t *id, uint32_t *len)
{
	struct vring_used *u = fake_guest_ptr(g, g->used_gpa);

	*id = le32toh(u->ring[i & (g->num - 1)].id);
	*len = le32toh(u->ring[i & (g->num - 1)].len);
}

void
fake_guest_set_interrupts(struct fake_guest *g, uint16_t flags, uint16_t used_event)
{
	struct vring_avail *a = fake_guest_ptr(g, g->avail_gpa);

	a->flags = htole16(flags);
	a->ring[g->num] = htole16(used_event);
}

uint16_t
fake_guest_avail_event(struct fake_guest *g)
{
	uint16_t value;

	memcpy(&value, (uint8_t *)fake_guest_ptr(g, g->used_gpa) + 4 + 8 * g->num, sizeof(value));
	return le16toh(value);
}

uint16_t
fake_guest_used_flags(struct fake_guest *g)
{
	struct vring_used *u = fake_guest_ptr(g, g->used_gpa);

	return le16toh(u->flags);
}
