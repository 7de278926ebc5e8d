/* test_unplug.c: unplug wakes epoll and blocked readers (POLLERR|POLLHUP, ENODEV); replug works. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define KEYBOARD 0
#define MOUSE 1

static struct fixture f;

struct epoll_reader {
	int fd;
	uint32_t events;  /* what epoll reported */
	int read_errno;   /* errno of the read after it */
	bool blocking;    /* a plain blocking read instead of epoll */
};

/* @return NULL; a thread that waits in epoll or read() and records what ends the wait */
static void *
wait_for_unplug(void *arg)
{
	struct epoll_reader *r = arg;
	struct input_event ev[4];

	if (r->blocking) {
		if (read(r->fd, ev, sizeof(ev)) < 0)
			r->read_errno = errno;
		return NULL;
	}
	{
		int ep = epoll_create1(EPOLL_CLOEXEC);
		struct epoll_event ee = { .events = EPOLLIN };

		CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, r->fd, &ee) == 0, "epoll: %s",
		      strerror(errno));
		CHECK_INT(epoll_wait(ep, &ee, 1, 10000), 1);
		r->events = ee.events;
		if (read(r->fd, ev, sizeof(ev)) < 0)
			r->read_errno = errno;
		close(ep);
	}
	return NULL;
}

/* @return whether name is listed in the mount's directory */
static bool
listed(const char *name)
{
	DIR *d = opendir(f.mnt);
	struct dirent *e;
	bool found = false;

	CHECK(d, "opendir: %s", strerror(errno));
	while ((e = readdir(d)))
		found |= strcmp(e->d_name, name) == 0;
	closedir(d);
	return found;
}

static void
test_unplug_wakes_readers(void)
{
	struct epoll_reader polled = { 0 }, blocked = { .blocking = true };
	struct input_event ev;
	struct pollfd pfd;
	struct stat st;
	pthread_t t1, t2;
	int fd, rc;
	struct libevdev *dev = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fd);

	polled.fd = fd;
	blocked.fd = open(fixture_path(&f, MOUSE), O_RDONLY | O_CLOEXEC);
	CHECK(blocked.fd >= 0, "open: %s", strerror(errno));
	CHECK(pthread_create(&t1, NULL, wait_for_unplug, &polled) == 0, "pthread_create");
	CHECK(pthread_create(&t2, NULL, wait_for_unplug, &blocked) == 0, "pthread_create");
	usleep(200000); /* both threads are waiting in the kernel by now */

	rc = fev_ctl_unplug(f.ctl, MOUSE);
	CHECK(rc == 0, "unplug: %s", strerror(-rc));
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	CHECK((polled.events & (EPOLLERR | EPOLLHUP)) == (EPOLLERR | EPOLLHUP),
	      "epoll reported 0x%x, expected EPOLLERR|EPOLLHUP", polled.events);
	CHECK_INT(polled.read_errno, ENODEV);
	CHECK_INT(blocked.read_errno, ENODEV);

	/* the old files stay dead */
	CHECK_INT(libevdev_next_event(dev, LIBEVDEV_READ_FLAG_NORMAL, &ev), -ENODEV);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK_INT(poll(&pfd, 1, 0), 1);
	CHECK_INT(pfd.revents, POLLERR | POLLHUP);
	CHECK(ioctl(fd, EVIOCGBIT(0, sizeof(ev)), &ev) < 0 && errno == ENODEV, "ioctl: ENODEV");
	CHECK(write(blocked.fd, &ev, sizeof(ev)) < 0 && errno == EBADF, "O_RDONLY write: EBADF");

	/* the file is gone */
	CHECK(stat(fixture_path(&f, MOUSE), &st) < 0 && errno == ENOENT, "stat: ENOENT");
	CHECK(open(fixture_path(&f, MOUSE), O_RDONLY) < 0 && errno == ENOENT, "open: ENOENT");
	CHECK(!listed("event1") && listed("event0"), "readdir should list event0 only");
	{
		struct fev_status st2 = status_of(&f, MOUSE, NULL);

		CHECK_INT(st2.present, 0);
		CHECK_INT(st2.clients, 2);
	}
	CHECK(fev_ctl_inject(f.ctl, MOUSE, (const struct fev_event[]){ { EV_SYN, SYN_REPORT, 0 } },
			     1) == -ENODEV,
	      "inject into an unplugged device: ENODEV");
	CHECK_INT(fev_ctl_unplug(f.ctl, MOUSE), -ENODEV);
	CHECK_INT(fev_ctl_drop(f.ctl, MOUSE), -ENODEV);

	close(blocked.fd);
	/* fd stays open across the replug below: an old file never sees the new device */
	libevdev_free(dev);
	wait_for_clients(&f, MOUSE, 1);
	pass("unplug: epoll gets EPOLLERR|EPOLLHUP, reads ENODEV (blocked ones too), file gone");

	{
		static const struct ev keys[] = { { EV_KEY, KEY_Z, 1 }, { EV_SYN, SYN_REPORT, 0 } };
		struct libevdev *kbd;
		int kfd;
		unsigned int index;
		struct input_event raw;

		/* replug with other capabilities: a keyboard where the mouse was */
		rc = fev_ctl_plug(f.ctl, MOUSE, "profile keyboard\nname \"replugged keyboard\"\n",
				  &index);
		CHECK(rc == 0, "replug: %s (%s)", strerror(-rc), fev_ctl_error(f.ctl));
		CHECK_INT(index, MOUSE);
		CHECK(stat(fixture_path(&f, MOUSE), &st) == 0, "stat after replug: %s",
		      strerror(errno));
		CHECK(listed("event1"), "readdir lists event1 again");
		kbd = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &kfd);
		CHECK(strcmp(libevdev_get_name(kbd), "replugged keyboard") == 0, "new name");
		CHECK(libevdev_has_event_code(kbd, EV_KEY, KEY_Z) &&
			      !libevdev_has_event_type(kbd, EV_REL),
		      "new capabilities");
		inject(&f, MOUSE, keys, LEN(keys));
		expect_events(kbd, keys, LEN(keys));
		CHECK(read(fd, &raw, sizeof(raw)) < 0 && errno == ENODEV, "old file: still ENODEV");
		CHECK_INT(status_of(&f, MOUSE, NULL).clients, 1);
		CHECK_INT(status_of(&f, MOUSE, NULL).plug_count, 2);
		close(fd);
		close_evdev(kbd, kfd);
		wait_for_clients(&f, MOUSE, 0);
	}
	pass("replug: the file reappears with new capabilities; old files stay dead");
}

static void
test_replug_same_and_add(void)
{
	struct fev_status st;
	uint8_t *hello;
	size_t len;
	unsigned int index;
	int fd, rc;
	struct libevdev *dev;

	/* unplugged with nobody holding it, then plugged as before (its last definition) */
	CHECK_INT(fev_ctl_unplug(f.ctl, MOUSE), 0);
	st = status_of(&f, MOUSE, NULL);
	CHECK(st.present == 0 && st.clients == 0, "unplugged and closed");
	CHECK_INT(fev_ctl_plug(f.ctl, MOUSE, NULL, &index), 0);
	dev = open_evdev(fixture_path(&f, MOUSE), O_RDONLY | O_NONBLOCK, &fd);
	CHECK(strcmp(libevdev_get_name(dev), "replugged keyboard") == 0, "previous definition");
	CHECK_INT(status_of(&f, MOUSE, NULL).plug_count, 3);
	close_evdev(dev, fd);

	/* a present slot cannot be plugged; an unknown one neither */
	CHECK_INT(fev_ctl_plug(f.ctl, MOUSE, NULL, NULL), -EBUSY);
	CHECK_INT(fev_ctl_plug(f.ctl, 7, "profile mouse\n", NULL), -ENOENT);
	rc = fev_ctl_plug(f.ctl, FEV_DEVICE_NEW, "key KEY_A\nbogus line\n", NULL);
	CHECK(rc == -EINVAL && strstr(fev_ctl_error(f.ctl), "line 2"),
	      "bad definition: %d \"%s\"", rc, fev_ctl_error(f.ctl));

	/* add a device at run time */
	CHECK_INT(fev_ctl_plug(f.ctl, FEV_DEVICE_NEW, "profile tablet\n", &index), 0);
	CHECK_INT(index, 2);
	dev = open_evdev(fixture_path(&f, 2), O_RDONLY | O_NONBLOCK, &fd);
	CHECK(strcmp(libevdev_get_name(dev), "fakeevdev tablet") == 0, "added tablet");
	close_evdev(dev, fd);
	CHECK(listed("event2"), "readdir lists event2");
	CHECK_INT(fev_ctl_request(f.ctl, FEV_OP_HELLO, 0, NULL, 0, &hello, &len), 0);
	CHECK(len == 8 && fev_get32(hello) == FEV_PROTOCOL_VERSION && fev_get32(hello + 4) == 3,
	      "HELLO: version 1, 3 devices");
	free(hello);
	pass("replug as before; EBUSY on a present slot; bad definitions explained; add a device");
}

static void
test_unplug_grabbed(void)
{
	int fd = open(fixture_path(&f, KEYBOARD), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct fev_status st;

	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK(ioctl(fd, EVIOCGRAB, &fd) == 0, "grab with a valid pointer works without the shim");
	CHECK_INT(status_of(&f, KEYBOARD, NULL).grab_pid, getpid());
	CHECK_INT(fev_ctl_unplug(f.ctl, KEYBOARD), 0);
	st = status_of(&f, KEYBOARD, NULL);
	CHECK(st.grab_pid == 0 && st.clients == 1, "unplug drops the grab, keeps the file open");
	CHECK_INT(fev_ctl_plug(f.ctl, KEYBOARD, NULL, NULL), 0);
	CHECK_INT(status_of(&f, KEYBOARD, NULL).clients, 0);
	close(fd);
	wait_for_clients(&f, KEYBOARD, 0);
	pass("unplugging a grabbed device drops the grab; the replug starts with no clients");
}

int
main(int argc, char **argv)
{
	static const char *const args[] = { "--device=keyboard", "--device=mouse", NULL };

	harness_init(argc, argv);
	fixture_start(&f, args);
	test_unplug_wakes_readers();
	test_replug_same_and_add();
	test_unplug_grabbed();
	fixture_stop(&f);
	return 0;
}
