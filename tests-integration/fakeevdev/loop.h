/* loop.h: the one epoll loop that runs everything; handlers never block. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Embed in whatever owns the fd; ready() gets the epoll events. */
struct watch {
	int fd;
	void (*ready)(struct watch *w, uint32_t events);
};

/**
 * Creates the epoll instance.
 *
 * @return 0 or -errno
 */
int loop_init(void);

/**
 * Starts watching w->fd for events (EPOLLIN, EPOLLOUT; 0 pauses it).
 *
 * @return 0 or -errno
 */
int loop_add(struct watch *w, uint32_t events);

/** @return 0 or -errno; changes the events watched */
int loop_modify(struct watch *w, uint32_t events);

/** @return nothing; stops watching w->fd (before it is closed) */
void loop_remove(struct watch *w);

/**
 * Runs until loop_stop(). After each round it calls after(), and it waits
 * no longer than timeout_ms() says (-1: no limit).
 *
 * @return 0, or -errno if epoll fails
 */
int loop_run(int (*timeout_ms)(void), void (*after)(void));

/** @return nothing; makes loop_run() return after the current round */
void loop_stop(void);
