/* guest_mem.h: the front-end's memory regions, mapped, with bounded address translation. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* vhost-user's VHOST_MEMORY_BASELINE_NREGIONS; we do not offer more slots. */
#define GUEST_MEM_MAX_REGIONS 8

/* One region as SET_MEM_TABLE describes it. */
struct guest_region_desc {
	uint64_t guest_phys_addr;
	uint64_t size;
	uint64_t user_addr;
	uint64_t mmap_offset;
};

struct guest_region {
	struct guest_region_desc desc;
	void *mmap_addr;
	size_t mmap_size;
	uint8_t *host; /* mmap_addr + mmap_offset: where guest_phys_addr lives here */
};

struct guest_mem {
	int nregions;
	struct guest_region regions[GUEST_MEM_MAX_REGIONS];
};

/**
 * Replaces the memory table with n regions, mapping fds[i] for region i.
 * Every fd is closed before returning, on success and on failure (the
 * mappings keep the memory alive). On failure the old table stays in place.
 *
 * @return 0; -EINVAL if n is out of range, a region is empty, overflows or
 * overlaps another in guest-physical or front-end address space; or -errno
 * from mmap.
 */
int guest_mem_set(struct guest_mem *mem, const struct guest_region_desc *descs,
		  const int *fds, int n);

/** Unmaps every region. */
void guest_mem_clear(struct guest_mem *mem);

/**
 * Translates a guest-physical range.
 *
 * @return a pointer to the len bytes at gpa, or NULL unless they lie wholly
 * inside one region (len 0 is treated as 1).
 */
void *guest_mem_from_gpa(const struct guest_mem *mem, uint64_t gpa, uint64_t len);

/**
 * Translates a range of front-end virtual addresses, as vring addresses are given.
 *
 * @return a pointer to the len bytes at uaddr, or NULL unless they lie wholly
 * inside one region.
 */
void *guest_mem_from_uaddr(const struct guest_mem *mem, uint64_t uaddr, uint64_t len);
