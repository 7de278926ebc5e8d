/* stop_signals.c: SIGINT/SIGTERM handling: the first is reported to a waiting thread, a second exits. */
#include "stop_signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

static int stop_pipe[2] = { -1, -1 };
static atomic_int stop_count;

/* Only async-signal-safe calls here: write(2) and _exit(2). */
static void
stop_signals_handler(int signo)
{
	int saved_errno = errno;
	unsigned char byte = (unsigned char)signo;

	if (atomic_fetch_add(&stop_count, 1) > 0)
		_exit(128 + signo);
	if (write(stop_pipe[1], &byte, 1) < 0) {
		/* Nothing to do: the pipe is never full with one byte in it. */
	}
	errno = saved_errno;
}

int
stop_signals_install(void)
{
	struct sigaction action;

	if (stop_pipe[0] >= 0)
		return 0;
	if (pipe2(stop_pipe, O_CLOEXEC) < 0)
		return -errno;

	memset(&action, 0, sizeof(action));
	action.sa_handler = stop_signals_handler;
	sigemptyset(&action.sa_mask);
	action.sa_flags = SA_RESTART;
	if (sigaction(SIGINT, &action, NULL) < 0 || sigaction(SIGTERM, &action, NULL) < 0)
		return -errno;
	return 0;
}

int
stop_signals_wait(void)
{
	unsigned char byte;
	ssize_t n;

	if (stop_pipe[0] < 0)
		return -EINVAL;
	do {
		n = read(stop_pipe[0], &byte, 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -EPIPE;
	return byte;
}
