/* fdio.h: memfd, eventfd and poll helpers for test front-ends: TestNative and the C tests. */
#pragma once

#include <stdint.h>

/**
 * Creates a sealed-size memfd of size bytes, as a front-end's guest RAM.
 *
 * @return the fd (close-on-exec), owned by the caller; or -errno.
 */
int fdio_memfd_create(const char *name, uint64_t size);

/**
 * Creates a non-blocking eventfd (counter mode).
 *
 * @return the fd (close-on-exec), owned by the caller; or -errno.
 */
int fdio_eventfd_create(void);

/**
 * Adds value to an eventfd's counter.
 *
 * @return 0, or -errno.
 */
int fdio_eventfd_write(int fd, uint64_t value);

/**
 * Reads and resets an eventfd's counter.
 *
 * @return the counter (>= 1), -EAGAIN if it is zero, or another -errno.
 */
int64_t fdio_eventfd_read(int fd);

/**
 * Waits until fd is readable, hung up or in error, or timeout_ms passes
 * (-1 waits forever).
 *
 * @return the poll(2) revents (0 on timeout), or -errno.
 */
int fdio_poll_in(int fd, int timeout_ms);
