/* test_control.c: the control protocol's framing, errors, ordering and status, and fakeevdev-ctl. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "harness.h"

static struct fixture f;

/* @return a new raw connection to the control socket */
static int
raw_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval timeout = { .tv_sec = 10 };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	CHECK(strlen(f.control) < sizeof(sa.sun_path), "socket path too long");
	memcpy(sa.sun_path, f.control, strlen(f.control) + 1);
	CHECK(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0, "connect: %s",
	      strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	return fd;
}

/* @return the number of request bytes written to out */
static size_t
request(uint8_t *out, uint16_t op, uint16_t device, const void *payload, uint32_t len)
{
	fev_put16(out, op);
	fev_put16(out + 2, device);
	fev_put32(out + 4, len);
	if (len)
		memcpy(out + 8, payload, len);
	return 8 + len;
}

struct reply {
	uint16_t op;
	uint16_t device;
	int32_t status;
	uint32_t len;
	char payload[4096];
};

/* @return nothing; reads one whole reply */
static void
read_reply(int fd, struct reply *r)
{
	uint8_t header[12];
	size_t got = 0;

	while (got < sizeof(header)) {
		ssize_t n = read(fd, header + got, sizeof(header) - got);

		CHECK(n > 0, "reply header: %zd (%s)", n,
		      n < 0 ? strerror(errno) : "end of stream");
		got += n;
	}
	r->op = fev_get16(header);
	r->device = fev_get16(header + 2);
	r->status = (int32_t)fev_get32(header + 4);
	r->len = fev_get32(header + 8);
	CHECK(r->len < sizeof(r->payload), "reply of %u bytes", r->len);
	for (got = 0; got < r->len;) {
		ssize_t n = read(fd, r->payload + got, r->len - got);

		CHECK(n > 0, "reply payload");
		got += n;
	}
	r->payload[r->len] = '\0';
}

static void
test_errors_keep_the_connection(void)
{
	uint8_t buf[64];
	struct reply r;
	int fd = raw_connect();

	CHECK_INT(write(fd, buf, request(buf, 99, 0, NULL, 0)), 8);
	read_reply(fd, &r);
	CHECK(r.op == 99 && r.status == -EINVAL && strstr(r.payload, "unknown op 99"),
	      "unknown op: %d \"%s\"", r.status, r.payload);

	CHECK_INT(write(fd, buf, request(buf, FEV_OP_INJECT, 0, "1234567", 7)), 15);
	read_reply(fd, &r);
	CHECK(r.status == -EINVAL && strstr(r.payload, "not whole 8-byte events"),
	      "7 bytes: \"%s\"", r.payload);

	CHECK_INT(write(fd, buf, request(buf, FEV_OP_STATUS, 9, NULL, 0)), 8);
	read_reply(fd, &r);
	CHECK(r.status == -ENOENT && r.device == 9, "status of event9: %d", r.status);

	CHECK_INT(write(fd, buf, request(buf, FEV_OP_INJECT, 9, NULL, 0)), 8);
	read_reply(fd, &r);
	CHECK_INT(r.status, -ENODEV);

	CHECK_INT(write(fd, buf, request(buf, FEV_OP_HELLO, 0, NULL, 0)), 8);
	read_reply(fd, &r);
	CHECK(r.status == 0 && r.len == 8 && fev_get32((uint8_t *)r.payload) == 1, "hello");
	close(fd);
	pass("errors come with a message and leave the connection usable");
}

static void
test_pipelining_and_half_close(void)
{
	uint8_t buf[256], ev[16];
	size_t n = 0;
	struct reply r;
	int fd = raw_connect();
	int reader = open(fixture_path(&f, 0), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct fev_event frame[2] = { { EV_KEY, KEY_Y, 1 }, { EV_SYN, SYN_REPORT, 0 } };

	CHECK(reader >= 0, "open: %s", strerror(errno));
	fev_event_encode(ev, &frame[0]);
	fev_event_encode(ev + 8, &frame[1]);
	/* three requests in one write, then no more: all three are answered, in order */
	n += request(buf + n, FEV_OP_INJECT, 0, ev, 16);
	n += request(buf + n, FEV_OP_STATUS, 0, NULL, 0);
	n += request(buf + n, FEV_OP_TAKE_WRITES, 0, NULL, 0);
	CHECK_INT(write(fd, buf, n), (ssize_t)n);
	CHECK(shutdown(fd, SHUT_WR) == 0, "shutdown");
	read_reply(fd, &r);
	CHECK(r.op == FEV_OP_INJECT && r.status == 0, "inject first");
	read_reply(fd, &r);
	CHECK(r.op == FEV_OP_STATUS && r.status == 0 && r.len == 32 + 16, "status second: %u bytes",
	      r.len);
	/* the reader's queue holds the frame injected just before */
	CHECK_INT(fev_get32((uint8_t *)r.payload + 12), 1);
	CHECK_INT(fev_get32((uint8_t *)r.payload + 32), getpid());
	CHECK_INT(fev_get32((uint8_t *)r.payload + 36), 2);
	read_reply(fd, &r);
	CHECK(r.op == FEV_OP_TAKE_WRITES && r.status == 0 && r.len == 0, "take writes third");
	CHECK_INT(read(fd, buf, 1), 0);
	close(fd);
	close(reader);
	pass("pipelined requests are answered in order, also after the client half-closes");
}

static void
test_oversized_request(void)
{
	uint8_t buf[16];
	struct reply r;
	int fd = raw_connect();

	CHECK_INT(write(fd, buf, request(buf, FEV_OP_INJECT, 0, NULL, 0)), 8);
	fev_put32(buf + 4, 0xffffffffu);
	CHECK_INT(write(fd, buf, 8), 8);
	read_reply(fd, &r);
	CHECK_INT(r.status, 0);
	read_reply(fd, &r);
	CHECK(r.status == -EMSGSIZE, "oversized: %d \"%s\"", r.status, r.payload);
	CHECK_INT(read(fd, buf, 1), 0);
	close(fd);
	pass("a request over 8 MiB is refused and the connection closed");
}

static void
test_ctl_tool(const char *tool)
{
	char cmd[1024], out[4096];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "c() { %s %s \"$@\"; }; c inject 0 EV_KEY KEY_A 1 EV_SYN SYN_REPORT 0 && "
		 "c status 0 && c hello && c unplug 0 && c plug 0 mouse && c status 0 2>&1",
		 tool, f.control);
	p = popen(cmd, "r");
	CHECK(p, "popen");
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	CHECK_INT(pclose(p), 0);
	CHECK(strstr(out, "event0 present=1 plugs=1") && strstr(out, "protocol 1, 1 devices") &&
		      strstr(out, "event0\n") && strstr(out, "event0 present=1 plugs=2"),
	      "fakeevdev-ctl said:\n%s", out);

	snprintf(cmd, sizeof(cmd), "%s %s inject 0 EV_KEY KEY_NOPE 1 2>&1", tool, f.control);
	p = popen(cmd, "r");
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	CHECK(pclose(p) != 0 && strstr(out, "cannot read event"), "bad name: %s", out);
	pass("fakeevdev-ctl: inject, status, hello, unplug and plug from a shell");
}

int
main(int argc, char **argv)
{
	static const char *const args[] = { "--device=keyboard", NULL };

	harness_init(argc, argv);
	CHECK(argc >= 3, "usage: %s FAKEEVDEV FAKEEVDEV-CTL", argv[0]);
	fixture_start(&f, args);
	test_errors_keep_the_connection();
	test_pipelining_and_half_close();
	test_oversized_request();
	test_ctl_tool(argv[2]);
	fixture_stop(&f);
	return 0;
}
