/* fdio.c: memfd, eventfd and poll helpers for test front-ends: TestNative and the C tests. */
#include "fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

int
fdio_memfd_create(const char *name, uint64_t size)
{
	int fd, rc;

	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

int
fdio_eventfd_create(void)
{
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	return fd < 0 ? -errno : fd;
}

int
fdio_eventfd_write(int fd, uint64_t value)
{
	ssize_t n;

	do {
		n = write(fd, &value, sizeof(value));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == sizeof(value) ? 0 : -EIO;
}

int64_t
fdio_eventfd_read(int fd)
{
	uint64_t value;
	ssize_t n;

	do {
		n = read(fd, &value, sizeof(value));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (n != sizeof(value) || value > INT64_MAX)
		return -EIO;
	return (int64_t)value;
}

int
fdio_poll_in(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int rc;

	rc = poll(&p, 1, timeout_ms);
	if (rc < 0)
		return -errno;
	return rc == 0 ? 0 : p.revents;
}
