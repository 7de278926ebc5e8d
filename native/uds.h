/* uds.h: Unix domain sockets for vhost-user: listen, accept, and messages with fds. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* vhost-user never passes more fds than memory regions in one message. */
#define UDS_MAX_FDS 8

/**
 * Checks that a socket could be created at path: nothing is there, or only a
 * socket file left by a dead process.
 *
 * @return 0 if path is free or stale; -EADDRINUSE if a running process listens
 * there; -ENOTSOCK if path exists and is not a socket; -ENAMETOOLONG if path
 * does not fit sockaddr_un; or another -errno.
 */
int uds_check_free(const char *path);

/**
 * Listens on a new Unix socket at path. A socket file left by a dead process
 * (connect() is refused) is replaced.
 *
 * @return the listening fd (non-blocking, close-on-exec), owned by the caller;
 * -EADDRINUSE if a running process listens at path; -ENOTSOCK if path exists
 * and is not a socket; -ENAMETOOLONG if path does not fit sockaddr_un; or
 * another -errno.
 */
int uds_listen(const char *path);

/**
 * Accepts one connection and gives it send and receive timeouts, so a stalled
 * peer cannot block its device thread for long.
 *
 * @return the connected fd (blocking, close-on-exec), owned by the caller; or
 * -EAGAIN if none is pending; or another -errno.
 */
int uds_accept(int listen_fd);

/**
 * Receives up to len bytes and any fds sent with them (SCM_RIGHTS).
 *
 * Received fds are written to fds (at most max_fds) and counted in *nfds; the
 * caller owns them. If the peer sent more fds than fit, every received fd is
 * closed and -EPROTO is returned.
 *
 * @return the number of bytes received, 0 at end of stream, or -errno.
 */
ssize_t uds_recv(int fd, void *buf, size_t len, int *fds, int max_fds, int *nfds);

/**
 * Sends len bytes, with nfds fds attached (SCM_RIGHTS) if nfds > 0. The fds
 * stay owned by the caller.
 *
 * @return the number of bytes sent, or -errno; -EINVAL if nfds is out of range.
 */
ssize_t uds_send(int fd, const void *buf, size_t len, const int *fds, int nfds);
