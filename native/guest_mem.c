/* guest_mem.c: the front-end's memory regions, mapped, with bounded address translation. */
#include "guest_mem.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Returns 1 if [a, a + alen) and [b, b + blen) overlap; lengths are nonzero
 * and the ranges do not wrap (checked before). */
static int
ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Returns 0 if desc is sane on its own and against descs[0..i), else -EINVAL. */
static int
guest_mem_check(const struct guest_region_desc *descs, int i)
{
	const struct guest_region_desc *d = &descs[i];
	int j;

	if (d->size == 0 ||
	    d->guest_phys_addr > UINT64_MAX - d->size ||
	    d->user_addr > UINT64_MAX - d->size ||
	    d->mmap_offset > UINT64_MAX - d->size ||
	    d->mmap_offset + d->size > (uint64_t)SIZE_MAX)
		return -EINVAL;
	for (j = 0; j < i; j++) {
		if (ranges_overlap(d->guest_phys_addr, d->size,
				   descs[j].guest_phys_addr, descs[j].size) ||
		    ranges_overlap(d->user_addr, d->size, descs[j].user_addr, descs[j].size))
			return -EINVAL;
	}
	return 0;
}

/* Unmaps regions[0..n). */
static void
guest_mem_unmap(struct guest_region *regions, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (regions[i].mmap_addr)
			munmap(regions[i].mmap_addr, regions[i].mmap_size);
		regions[i].mmap_addr = NULL;
	}
}

int
guest_mem_set(struct guest_mem *mem, const struct guest_region_desc *descs,
	      const int *fds, int n)
{
	struct guest_region fresh[GUEST_MEM_MAX_REGIONS];
	int i, mapped = 0, rc = 0;

	memset(fresh, 0, sizeof(fresh));
	if (n < 1 || n > GUEST_MEM_MAX_REGIONS) {
		rc = -EINVAL;
		goto out;
	}
	for (i = 0; i < n; i++) {
		rc = guest_mem_check(descs, i);
		if (rc < 0)
			goto out;
	}
	for (i = 0; i < n; i++) {
		struct stat st;

		/* Touching a mapping beyond the end of its file raises SIGBUS. */
		if (fstat(fds[i], &st) < 0) {
			rc = -errno;
			goto out;
		}
		if (S_ISREG(st.st_mode) &&
		    (uint64_t)st.st_size < descs[i].mmap_offset + descs[i].size) {
			rc = -EINVAL;
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		/* Map from offset 0, as the fd may be hugetlbfs, where offsets
		 * must be huge-page aligned. */
		size_t len = descs[i].mmap_offset + descs[i].size;
		void *addr = mmap(NULL, len, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_NORESERVE, fds[i], 0);

		if (addr == MAP_FAILED) {
			rc = -errno;
			goto out;
		}
		/* Guest RAM in our core dumps would be large and private. */
		madvise(addr, len, MADV_DONTDUMP);
		fresh[i].desc = descs[i];
		fresh[i].mmap_addr = addr;
		fresh[i].mmap_size = len;
		fresh[i].host = (uint8_t *)addr + descs[i].mmap_offset;
		mapped = i + 1;
	}

	guest_mem_clear(mem);
	memcpy(mem->regions, fresh, sizeof(fresh));
	mem->nregions = n;
	mapped = 0;

out:
	guest_mem_unmap(fresh, mapped);
	for (i = 0; fds && i < n && i < GUEST_MEM_MAX_REGIONS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}

void
guest_mem_clear(struct guest_mem *mem)
{
	guest_mem_unmap(mem->regions, mem->nregions);
	mem->nregions = 0;
}

/* Returns the host address of [addr, addr + len), addr being front-end
 * virtual (user) or guest-physical, or NULL unless one region holds it all. */
static void *
guest_mem_translate(const struct guest_mem *mem, uint64_t addr, uint64_t len, bool user)
{
	int i;

	if (len == 0)
		len = 1;
	for (i = 0; i < mem->nregions; i++) {
		const struct guest_region *r = &mem->regions[i];
		uint64_t base = user ? r->desc.user_addr : r->desc.guest_phys_addr;

		if (addr >= base && addr - base < r->desc.size &&
		    len <= r->desc.size - (addr - base))
			return r->host + (addr - base);
	}
	return NULL;
}

void *
guest_mem_from_gpa(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	return guest_mem_translate(mem, gpa, len, false);
}

void *
guest_mem_from_uaddr(const struct guest_mem *mem, uint64_t uaddr, uint64_t len)
{
	return guest_mem_translate(mem, uaddr, len, true);
}
