/* uds.c: Unix domain sockets for vhost-user: listen, accept, and messages with fds. */
#include "uds.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

/* Long enough for any front-end that is alive; short enough that a stalled
 * one gives up its device thread quickly. */
#define UDS_IO_TIMEOUT_MS 2000

/* Fills addr for path. Returns 0, or -ENAMETOOLONG. */
static int
uds_address(const char *path, struct sockaddr_un *addr)
{
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof(addr->sun_path))
		return -ENAMETOOLONG;
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path, path, len + 1);
	return 0;
}

/* Returns 1 if a process accepts connections at addr, 0 if not, or -errno. */
static int
uds_is_live(const struct sockaddr_un *addr)
{
	int fd, rc;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	rc = connect(fd, (const struct sockaddr *)addr, sizeof(*addr));
	if (rc == 0)
		rc = 1;
	else if (errno == ECONNREFUSED || errno == ENOENT)
		rc = 0;
	else
		rc = -errno;
	close(fd);
	return rc;
}

int
uds_check_free(const char *path)
{
	struct sockaddr_un addr;
	struct stat st;
	int rc;

	rc = uds_address(path, &addr);
	if (rc < 0)
		return rc;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -ENOTSOCK;
	rc = uds_is_live(&addr);
	if (rc < 0)
		return rc;
	return rc == 1 ? -EADDRINUSE : 0;
}

int
uds_listen(const char *path)
{
	struct sockaddr_un addr;
	int fd, rc;

	rc = uds_address(path, &addr);
	if (rc < 0)
		return rc;
	rc = uds_check_free(path);
	if (rc < 0)
		return rc;
	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(fd, 1) < 0) {
		rc = -errno;
		goto err;
	}
	return fd;

err:
	close(fd);
	return rc;
}

/* Sets both I/O timeouts on fd. Returns 0 or -errno. */
static int
uds_set_timeouts(int fd)
{
	struct timeval tv = {
		.tv_sec = UDS_IO_TIMEOUT_MS / 1000,
		.tv_usec = (UDS_IO_TIMEOUT_MS % 1000) * 1000,
	};

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	return 0;
}

int
uds_accept(int listen_fd)
{
	int fd, rc;

	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	rc = uds_set_timeouts(fd);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* Closes every fd carried by msg's control messages. */
static void
uds_close_passed_fds(struct msghdr *msg)
{
	struct cmsghdr *cmsg;

	for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg)) {
		size_t n, i;
		int fd;

		if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
			close(fd);
		}
	}
}

ssize_t
uds_recv(int fd, void *buf, size_t len, int *fds, int max_fds, int *nfds)
{
	union {
		char buf[CMSG_SPACE(UDS_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cmsg;
	ssize_t n;
	int count = 0;

	*nfds = 0;
	if (max_fds < 0 || max_fds > UDS_MAX_FDS)
		return -EINVAL;

	do {
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;

	if (msg.msg_flags & MSG_CTRUNC) {
		uds_close_passed_fds(&msg);
		return -EPROTO;
	}
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
		size_t i, k;

		if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (count + k > (size_t)max_fds) {
			uds_close_passed_fds(&msg);
			return -EPROTO;
		}
		for (i = 0; i < k; i++)
			memcpy(&fds[count++], CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
	}
	*nfds = count;
	return n;
}

ssize_t
uds_send(int fd, const void *buf, size_t len, const int *fds, int nfds)
{
	union {
		char buf[CMSG_SPACE(UDS_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (nfds < 0 || nfds > UDS_MAX_FDS)
		return -EINVAL;
	if (nfds > 0) {
		struct cmsghdr *cmsg;

		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(cmsg), fds, nfds * sizeof(int));
	}
	do {
		n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}
