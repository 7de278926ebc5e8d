/* ctl_client.c: requests and replies of the control protocol over a blocking Unix socket. */
#include "ctl_client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

struct fev_ctl {
	int fd;
	char error[512];
};

int
fev_ctl_connect(const char *path, struct fev_ctl **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval timeout = { .tv_sec = 30 };
	struct fev_ctl *ctl;
	int rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl)
		return -ENOMEM;
	ctl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ctl->fd < 0 || connect(ctl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(ctl->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) < 0) {
		rc = -errno;
		fev_ctl_close(ctl);
		return rc;
	}
	*out = ctl;
	return 0;
}

void
fev_ctl_close(struct fev_ctl *ctl)
{
	if (!ctl)
		return;
	if (ctl->fd >= 0)
		close(ctl->fd);
	free(ctl);
}

const char *
fev_ctl_error(const struct fev_ctl *ctl)
{
	return ctl->error;
}

/* @return 0 after sending header and payload in one sendmsg() (more if it comes short), or -errno */
static int
send_request(int fd, const uint8_t *header, const void *payload, size_t len)
{
	struct iovec iov[2] = { { (void *)header, FEV_REQUEST_HEADER_SIZE },
				{ (void *)payload, len } };
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };

	while (msg.msg_iovlen) {
		ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		while (msg.msg_iovlen && (size_t)n >= msg.msg_iov->iov_len) {
			n -= msg.msg_iov->iov_len;
			msg.msg_iov++;
			msg.msg_iovlen--;
		}
		if (msg.msg_iovlen) {
			msg.msg_iov->iov_base = (uint8_t *)msg.msg_iov->iov_base + n;
			msg.msg_iov->iov_len -= n;
		}
	}
	return 0;
}

/* @return 0 after receiving exactly len bytes, -EPIPE at end of stream, or -errno */
static int
recv_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = recv(fd, p, len, 0);

		if (n == 0)
			return -EPIPE;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

int
fev_ctl_request(struct fev_ctl *ctl, uint16_t op, uint16_t device, const void *payload,
		size_t len, uint8_t **reply, size_t *reply_len)
{
	uint8_t header[FEV_REPLY_HEADER_SIZE];
	uint8_t *body = NULL;
	uint32_t body_len;
	int32_t status;
	int rc;

	ctl->error[0] = '\0';
	if (reply)
		*reply = NULL;
	if (reply_len)
		*reply_len = 0;
	if (len > FEV_MAX_PAYLOAD)
		return -EMSGSIZE;
	fev_put16(header, op);
	fev_put16(header + 2, device);
	fev_put32(header + 4, (uint32_t)len);
	rc = send_request(ctl->fd, header, payload, len);
	if (rc == 0)
		rc = recv_all(ctl->fd, header, FEV_REPLY_HEADER_SIZE);
	if (rc < 0)
		return rc;
	status = (int32_t)fev_get32(header + 4);
	body_len = fev_get32(header + 8);
	if (fev_get16(header) != op || body_len > FEV_MAX_PAYLOAD || status > 0)
		return -EPROTO;
	body = malloc(body_len + 1);
	if (!body)
		return -ENOMEM;
	rc = recv_all(ctl->fd, body, body_len);
	if (rc < 0) {
		free(body);
		return rc;
	}
	body[body_len] = '\0';
	if (status < 0) {
		size_t n = body_len < sizeof(ctl->error) - 1 ? body_len : sizeof(ctl->error) - 1;

		memcpy(ctl->error, body, n);
		ctl->error[n] = '\0';
		free(body);
		return status;
	}
	if (reply) {
		*reply = body;
		if (reply_len)
			*reply_len = body_len;
	} else {
		free(body);
	}
	return 0;
}

int
fev_ctl_inject(struct fev_ctl *ctl, unsigned int device, const struct fev_event *events, size_t n)
{
	uint8_t *buf;
	int rc;

	if (n > FEV_MAX_PAYLOAD / FEV_EVENT_SIZE)
		return -EMSGSIZE;
	buf = malloc(n * FEV_EVENT_SIZE + 1);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		fev_event_encode(buf + i * FEV_EVENT_SIZE, &events[i]);
	rc = fev_ctl_request(ctl, FEV_OP_INJECT, device, buf, n * FEV_EVENT_SIZE, NULL, NULL);
	free(buf);
	return rc;
}

int
fev_ctl_drop(struct fev_ctl *ctl, unsigned int device)
{
	return fev_ctl_request(ctl, FEV_OP_DROP, device, NULL, 0, NULL, NULL);
}

int
fev_ctl_status(struct fev_ctl *ctl, unsigned int device, struct fev_status *status,
	       struct fev_client_status *clients, size_t max_clients)
{
	uint8_t *body;
	size_t len;
	int rc;

	rc = fev_ctl_request(ctl, FEV_OP_STATUS, device, NULL, 0, &body, &len);
	if (rc < 0)
		return rc;
	if (len < FEV_STATUS_SIZE) {
		free(body);
		return -EPROTO;
	}
	status->present = fev_get32(body);
	status->plug_count = fev_get32(body + 4);
	status->grab_pid = (int32_t)fev_get32(body + 8);
	status->clients = fev_get32(body + 12);
	status->bufsize = fev_get32(body + 16);
	status->writes = fev_get32(body + 20);
	status->writes_lost = fev_get32(body + 24);
	status->reserved = 0;
	if (len != FEV_STATUS_SIZE + (size_t)status->clients * FEV_CLIENT_STATUS_SIZE) {
		free(body);
		return -EPROTO;
	}
	for (size_t i = 0; clients && i < status->clients && i < max_clients; i++) {
		const uint8_t *p = body + FEV_STATUS_SIZE + i * FEV_CLIENT_STATUS_SIZE;

		clients[i].pid = (int32_t)fev_get32(p);
		clients[i].queued = fev_get32(p + 4);
		clients[i].flags = fev_get32(p + 8);
		clients[i].syn_dropped = fev_get32(p + 12);
	}
	free(body);
	return 0;
}

int
fev_ctl_take_writes(struct fev_ctl *ctl, unsigned int device, struct fev_event **events, size_t *n)
{
	struct fev_event *out = NULL;
	uint8_t *body;
	size_t len;
	int rc;

	rc = fev_ctl_request(ctl, FEV_OP_TAKE_WRITES, device, NULL, 0, &body, &len);
	if (rc < 0)
		return rc;
	if (len % FEV_EVENT_SIZE) {
		free(body);
		return -EPROTO;
	}
	if (len) {
		out = malloc(len / FEV_EVENT_SIZE * sizeof(*out));
		if (!out) {
			free(body);
			return -ENOMEM;
		}
		for (size_t i = 0; i < len / FEV_EVENT_SIZE; i++)
			out[i] = fev_event_decode(body + i * FEV_EVENT_SIZE);
	}
	free(body);
	*events = out;
	*n = len / FEV_EVENT_SIZE;
	return 0;
}

int
fev_ctl_unplug(struct fev_ctl *ctl, unsigned int device)
{
	return fev_ctl_request(ctl, FEV_OP_UNPLUG, device, NULL, 0, NULL, NULL);
}

int
fev_ctl_plug(struct fev_ctl *ctl, unsigned int device, const char *definition, unsigned int *index)
{
	size_t len = definition ? strlen(definition) : 0;
	uint8_t *body;
	size_t body_len;
	int rc;

	rc = fev_ctl_request(ctl, FEV_OP_PLUG, device, definition, len, &body, &body_len);
	if (rc < 0)
		return rc;
	if (body_len != 4) {
		free(body);
		return -EPROTO;
	}
	if (index)
		*index = fev_get32(body);
	free(body);
	return 0;
}
