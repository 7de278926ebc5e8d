/* test_grab.c: EVIOCGRAB and EVIOCREVOKE through libevshim.so, routed as evdev routes them. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define MOUSE 0

static struct fixture f;
static const struct ev frame[] = { { EV_REL, REL_X, 3 }, { EV_SYN, SYN_REPORT, 0 } };

static void
test_shim_loaded(void)
{
	Dl_info info;
	void *sym = dlsym(RTLD_DEFAULT, "ioctl");
	int fd = open(fixture_path(&f, MOUSE), O_RDONLY | O_CLOEXEC);

	CHECK(sym && dladdr(sym, &info) && info.dli_fname && strstr(info.dli_fname, "libevshim.so"),
	      "ioctl comes from %s, not libevshim.so: run this test through ctest, which sets "
	      "LD_PRELOAD",
	      sym && dladdr(sym, &info) ? info.dli_fname : "nowhere");
	/* what the shim works around: the kernel reads the argument 1 as an address */
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK(syscall(SYS_ioctl, fd, EVIOCGRAB, 1) < 0 && errno == EFAULT,
	      "EVIOCGRAB(1) without the shim should fail with EFAULT");
	close(fd);
	wait_for_clients(&f, MOUSE, 0);
	pass("libevshim.so is preloaded; without it EVIOCGRAB fails with EFAULT");
}

static void
test_grab_routing(void)
{
	struct fev_client_status clients[16];
	struct fev_status st;
	int fda, fdb;
	struct libevdev *a = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fda);
	struct libevdev *b = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fdb);

	CHECK_INT(libevdev_grab(a, LIBEVDEV_GRAB), 0);
	st = status_of(&f, MOUSE, clients);
	CHECK_INT(st.grab_pid, getpid());
	CHECK_INT(st.clients, 2);
	CHECK_INT((clients[0].flags | clients[1].flags) & FEV_CLIENT_GRAB, FEV_CLIENT_GRAB);

	/* the kernel answers EBUSY to any second grab, even the holder's */
	CHECK_INT(libevdev_grab(b, LIBEVDEV_GRAB), -EBUSY);
	CHECK(ioctl(fda, EVIOCGRAB, (void *)1) < 0 && errno == EBUSY, "regrab: EBUSY");

	inject(&f, MOUSE, frame, LEN(frame));
	expect_events(a, frame, LEN(frame));
	expect_no_event(b);

	/* only the holder may ungrab */
	CHECK(ioctl(fdb, EVIOCGRAB, (void *)0) < 0 && errno == EINVAL, "ungrab by another: EINVAL");
	CHECK_INT(libevdev_grab(a, LIBEVDEV_UNGRAB), 0);
	CHECK_INT(status_of(&f, MOUSE, NULL).grab_pid, 0);
	inject(&f, MOUSE, frame, LEN(frame));
	expect_events(a, frame, LEN(frame));
	expect_events(b, frame, LEN(frame));

	/* closing the holder's file releases the grab */
	CHECK_INT(libevdev_grab(b, LIBEVDEV_GRAB), 0);
	close_evdev(b, fdb);
	wait_for_grab(&f, MOUSE, 0);
	CHECK_INT(libevdev_grab(a, LIBEVDEV_GRAB), 0);
	CHECK_INT(libevdev_grab(a, LIBEVDEV_UNGRAB), 0);
	close_evdev(a, fda);
	wait_for_clients(&f, MOUSE, 0);
	pass("grab: second grabber EBUSY, plain readers see nothing, ungrab and close release it");
}

static void
test_grab_by_other_process(void)
{
	int ready[2], done[2];
	char c;
	pid_t child;
	int fd;
	struct libevdev *dev;

	CHECK(pipe(ready) == 0 && pipe(done) == 0, "pipe");
	child = fork();
	CHECK(child >= 0, "fork");
	if (child == 0) {
		int cfd = open(fixture_path(&f, MOUSE), O_RDONLY);

		/* the shim is preloaded in the child too */
		if (cfd < 0 || ioctl(cfd, EVIOCGRAB, (void *)1) < 0)
			_exit(1);
		if (write(ready[1], "g", 1) != 1 || read(done[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	CHECK_INT(read(ready[0], &c, 1), 1);
	CHECK_INT(status_of(&f, MOUSE, NULL).grab_pid, child);
	dev = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fd);
	CHECK_INT(libevdev_grab(dev, LIBEVDEV_GRAB), -EBUSY);
	inject(&f, MOUSE, frame, LEN(frame));
	expect_no_event(dev);

	/* the grabber exits: its file closes and the grab goes with it */
	CHECK_INT(write(done[1], "x", 1), 1);
	CHECK(waitpid(child, NULL, 0) == child, "waitpid");
	wait_for_grab(&f, MOUSE, 0);
	CHECK_INT(libevdev_grab(dev, LIBEVDEV_GRAB), 0);
	close_evdev(dev, fd);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);
	wait_for_clients(&f, MOUSE, 0);
	pass("grab held by another process: its pid in status, EBUSY here, released at its exit");
}

static void
test_revoke(void)
{
	struct fev_client_status clients[16];
	struct input_event raw[4];
	struct pollfd pfd;
	int fdr, fdo;
	struct libevdev *other = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fdo);

	fdr = open(fixture_path(&f, MOUSE), O_RDWR | O_NONBLOCK | O_CLOEXEC);
	CHECK(fdr >= 0, "open: %s", strerror(errno));
	CHECK(ioctl(fdr, EVIOCGRAB, (void *)1) == 0, "grab: %s", strerror(errno));
	CHECK(ioctl(fdr, EVIOCREVOKE, (void *)1) < 0 && errno == EINVAL, "revoke(1): EINVAL");
	CHECK(ioctl(fdr, EVIOCREVOKE, NULL) == 0, "revoke: %s", strerror(errno));
	CHECK(status_of(&f, MOUSE, clients).grab_pid == 0, "revoke drops the grab");
	CHECK((clients[0].flags | clients[1].flags) & FEV_CLIENT_REVOKED,
	      "status shows the revoke");

	CHECK(read(fdr, raw, sizeof(raw)) < 0 && errno == ENODEV, "read after revoke: ENODEV");
	CHECK(write(fdr, raw, sizeof(raw[0])) < 0 && errno == ENODEV, "write after revoke: ENODEV");
	CHECK(ioctl(fdr, EVIOCGRAB, (void *)1) < 0 && errno == ENODEV,
	      "ioctl after revoke: ENODEV");
	pfd = (struct pollfd){ .fd = fdr, .events = POLLIN };
	CHECK_INT(poll(&pfd, 1, 0), 1);
	CHECK_INT(pfd.revents, POLLERR | POLLHUP);

	/* the others carry on */
	inject(&f, MOUSE, frame, LEN(frame));
	expect_events(other, frame, LEN(frame));
	close(fdr);
	close_evdev(other, fdo);
	pass("revoke: ENODEV on read, write and ioctl, POLLERR|POLLHUP; other clients unaffected");
}

int
main(int argc, char **argv)
{
	static const char *const args[] = { "--device=mouse", NULL };

	harness_init(argc, argv);
	fixture_start(&f, args);
	test_shim_loaded();
	test_grab_routing();
	test_grab_by_other_process();
	test_revoke();
	fixture_stop(&f);
	return 0;
}
