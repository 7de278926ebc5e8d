/* fake_guest.h: a memfd "guest" for C tests: memory regions and a driver-side split ring. */
#pragma once

#include <stdint.h>

#include "guest_mem.h"
#include "vring.h"

/* Guest memory starts at this guest-physical address; the front-end maps it
 * at a different virtual address, so translation mistakes show. */
#define FAKE_GPA 0x100000ull
#define FAKE_UADDR 0x7f0000000000ull
#define FAKE_SIZE (1u << 20)

struct fake_guest {
	struct guest_mem mem;   /* the backend's view */
	int fd;                 /* the memfd, for a device that maps it itself */
	uint8_t *ram;           /* the test's own mapping of the same memfd */
	uint16_t num;
	uint64_t desc_gpa, avail_gpa, used_gpa;
	uint16_t avail_idx;
};

/** Creates guest RAM and maps it as the backend would. Returns 0 or -errno. */
int fake_guest_init(struct fake_guest *g);

/** Unmaps everything. */
void fake_guest_fini(struct fake_guest *g);

/** Returns the test's pointer to guest-physical address gpa. */
void *fake_guest_ptr(struct fake_guest *g, uint64_t gpa);

/** Lays out an empty ring of num entries at fixed addresses (desc_gpa, avail_gpa, used_gpa). */
void fake_guest_layout(struct fake_guest *g, uint16_t num);

/** Returns the front-end address of guest-physical address gpa. */
uint64_t fake_guest_uaddr(uint64_t gpa);

/** Lays out a ring of num entries at fixed addresses and points vq at it (mapped, started, enabled). Returns vring_map()'s result. */
int fake_guest_ring(struct fake_guest *g, struct vring *vq, uint16_t num, int call_fd);

/** Writes descriptor i. */
void fake_guest_desc(struct fake_guest *g, uint16_t i, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next);

/** Makes head available to the device. */
void fake_guest_post(struct fake_guest *g, uint16_t head);

/** Returns the used ring's idx as the driver sees it. */
uint16_t fake_guest_used_idx(struct fake_guest *g);

/** Returns used entry i's id and len. */
void fake_guest_used(struct fake_guest *g, uint16_t i, uint32_t *id, uint32_t *len);

/** Sets avail->flags and the used_event field. */
void fake_guest_set_interrupts(struct fake_guest *g, uint16_t flags, uint16_t used_event);

/** Returns the used ring's avail_event field and flags. */
uint16_t fake_guest_avail_event(struct fake_guest *g);
uint16_t fake_guest_used_flags(struct fake_guest *g);
