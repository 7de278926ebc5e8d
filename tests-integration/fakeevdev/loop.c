/* loop.c: epoll dispatch to struct watch handlers. */
#include "loop.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

static int epoll_fd = -1;
static bool stopping;

int
loop_init(void)
{
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	return epoll_fd < 0 ? -errno : 0;
}

int
loop_add(struct watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(epoll_fd, EPOLL_CTL_ADD, w->fd, &ev) < 0 ? -errno : 0;
}

int
loop_modify(struct watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(epoll_fd, EPOLL_CTL_MOD, w->fd, &ev) < 0 ? -errno : 0;
}

void
loop_remove(struct watch *w)
{
	epoll_ctl(epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
}

int
loop_run(int (*timeout_ms)(void), void (*after)(void))
{
	struct epoll_event events[16];

	while (!stopping) {
		int n = epoll_wait(epoll_fd, events, 16, timeout_ms());

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		/* A handler frees only its own watch, so the rest of the batch stays valid. */
		for (int i = 0; i < n && !stopping; i++) {
			struct watch *w = events[i].data.ptr;

			w->ready(w, events[i].events);
		}
		after();
	}
	return 0;
}

void
loop_stop(void)
{
	stopping = true;
}
