/* test_guest_mem.c: memory table validation, fd ownership and bounded address translation. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fdio.h"
#include "guest_mem.h"

#define MIB (1ull << 20)

/* Returns true if fd is closed. */
static bool
closed(int fd)
{
	return fcntl(fd, F_GETFD) < 0 && errno == EBADF;
}

/* Tries a table of n regions, each backed by a fresh memfd of file_size bytes;
 * checks that every fd is closed afterwards. Returns guest_mem_set()'s result. */
static int
try_table(struct guest_mem *mem, const struct guest_region_desc *regions, int n,
	  uint64_t file_size)
{
	int fds[GUEST_MEM_MAX_REGIONS + 1] = { -1 }, i, rc;

	for (i = 0; i < n && i <= GUEST_MEM_MAX_REGIONS; i++)
		fds[i] = fdio_memfd_create("region", file_size);
	rc = guest_mem_set(mem, regions, fds, n);
	for (i = 0; i < n && i < GUEST_MEM_MAX_REGIONS; i++)
		CHECK(closed(fds[i]));
	for (; i < n && i <= GUEST_MEM_MAX_REGIONS; i++)
		close(fds[i]);
	return rc;
}

static void
test_rejects_bad_tables_and_closes_fds(void)
{
	struct guest_region_desc r[GUEST_MEM_MAX_REGIONS + 1];
	struct guest_mem mem = { 0 };
	int i;

	for (i = 0; i <= GUEST_MEM_MAX_REGIONS; i++)
		r[i] = (struct guest_region_desc){ i * MIB, MIB, 0x10000000 + i * MIB, 0 };
	CHECK_EQ(try_table(&mem, r, 0, MIB), -EINVAL);
	CHECK_EQ(try_table(&mem, r, GUEST_MEM_MAX_REGIONS + 1, MIB), -EINVAL);

	r[1].guest_phys_addr = MIB / 2; /* overlaps region 0 */
	CHECK_EQ(try_table(&mem, r, 2, MIB), -EINVAL);
	r[1].guest_phys_addr = MIB;
	r[1].user_addr = r[0].user_addr; /* overlaps in front-end space */
	CHECK_EQ(try_table(&mem, r, 2, MIB), -EINVAL);

	r[0] = (struct guest_region_desc){ UINT64_MAX - 10, MIB, 0, 0 };
	CHECK_EQ(try_table(&mem, r, 1, MIB), -EINVAL); /* gpa + size wraps */
	r[0] = (struct guest_region_desc){ 0, MIB, UINT64_MAX - 10, 0 };
	CHECK_EQ(try_table(&mem, r, 1, MIB), -EINVAL); /* uaddr + size wraps */
	r[0] = (struct guest_region_desc){ 0, MIB, 0, UINT64_MAX - 10 };
	CHECK_EQ(try_table(&mem, r, 1, MIB), -EINVAL); /* offset + size wraps */
	r[0] = (struct guest_region_desc){ 0, 0, 0, 0 };
	CHECK_EQ(try_table(&mem, r, 1, MIB), -EINVAL); /* empty */
	r[0] = (struct guest_region_desc){ 0, 2 * MIB, 0, 0 };
	CHECK_EQ(try_table(&mem, r, 1, MIB), -EINVAL); /* bigger than its file: would SIGBUS */
	r[0] = (struct guest_region_desc){ 0, MIB, 0, MIB / 2 };
	CHECK_EQ(try_table(&mem, r, 1, MIB), -EINVAL); /* offset pushes it past the file */
	CHECK_EQ(mem.nregions, 0);
}

static void
test_translation_is_bounded(void)
{
	struct guest_region_desc r[2] = {
		{ 0x0, MIB, 0x7000000000, 0 },
		{ 0x100000000, MIB, 0x7100000000, 4096 },
	};
	struct guest_mem mem = { 0 };
	uint8_t *p;

	CHECK_EQ(try_table(&mem, r, 2, 2 * MIB), 0);
	CHECK_EQ(mem.nregions, 2);
	p = guest_mem_from_gpa(&mem, 0x10, 8);
	CHECK(p == mem.regions[0].host + 0x10);
	CHECK(guest_mem_from_uaddr(&mem, 0x7000000010, 8) == p);
	CHECK(guest_mem_from_gpa(&mem, MIB - 8, 8) != NULL);
	CHECK(guest_mem_from_gpa(&mem, MIB - 7, 8) == NULL); /* straddles the end */
	CHECK(guest_mem_from_gpa(&mem, MIB, 1) == NULL);     /* in the hole */
	CHECK(guest_mem_from_gpa(&mem, 0, MIB + 1) == NULL);
	CHECK(guest_mem_from_gpa(&mem, 0x100000000 + 16, 16) ==
	      mem.regions[1].host + 16);
	CHECK(mem.regions[1].host == (uint8_t *)mem.regions[1].mmap_addr + 4096);
	CHECK(guest_mem_from_gpa(&mem, UINT64_MAX, 2) == NULL);
	CHECK(guest_mem_from_uaddr(&mem, 0x10, 8) == NULL); /* a gpa is not a uaddr */

	/* A rejected table leaves the old one in place. */
	r[0].size = 0;
	CHECK_EQ(try_table(&mem, r, 1, MIB), -EINVAL);
	CHECK_EQ(mem.nregions, 2);
	guest_mem_clear(&mem);
	CHECK_EQ(mem.nregions, 0);
	CHECK(guest_mem_from_gpa(&mem, 0x10, 8) == NULL);
}

static void
test_shared_with_the_front_end(void)
{
	struct guest_region_desc r = { 0x1000, MIB, 0x5000, 0 };
	struct guest_mem mem = { 0 };
	int fd = fdio_memfd_create("shared", MIB);
	int dup_fd = dup(fd);
	char text[6] = { 0 };

	CHECK_EQ(guest_mem_set(&mem, &r, &fd, 1), 0);
	memcpy(guest_mem_from_gpa(&mem, 0x1000 + 100, 5), "hello", 5);
	CHECK_EQ(pread(dup_fd, text, 5, 100), 5);
	CHECK(strcmp(text, "hello") == 0);
	close(dup_fd);
	guest_mem_clear(&mem);
}

int
main(void)
{
	RUN(test_rejects_bad_tables_and_closes_fds);
	RUN(test_translation_is_bounded);
	RUN(test_shared_with_the_front_end);
	return check_result();
}
