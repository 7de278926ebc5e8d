/* harness.h: runs the fixture for a C test (fresh temp dir, always torn down) and checks results. */
#pragma once

#include <libevdev/libevdev.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ctl_client.h"

struct fixture {
	pid_t pid;
	int lifeline; /* the fixture's stdin; closing it makes the fixture exit */
	char dir[64];
	char mnt[128];
	char control[128];
	char log[128];
	struct fev_ctl *ctl;
};

/*
 * Every failed check prints "FAIL file:line: ..." and the fixture's log,
 * then exits; exit and fatal signals always stop every fixture and remove
 * its mount.
 */
#define CHECK(cond, ...)                                                              \
	do {                                                                          \
		if (!(cond))                                                          \
			check_failed(__FILE__, __LINE__, #cond, __VA_ARGS__);         \
	} while (0)

#define CHECK_INT(actual, expected)                                                   \
	do {                                                                          \
		long long a_ = (long long)(actual), e_ = (long long)(expected);       \
		if (a_ != e_)                                                         \
			check_failed(__FILE__, __LINE__, #actual " == " #expected,    \
				     "got %lld, expected %lld", a_, e_);              \
	} while (0)

/* @return never; reports a failed check and exits */
__attribute__((noreturn, format(printf, 4, 5))) void check_failed(const char *file, int line,
								  const char *cond,
								  const char *fmt, ...);

/**
 * Reads the fixture's path from argv[1] and installs the clean-up handlers.
 * Fails the test unless /dev/fuse and fusermount3 are usable.
 *
 * @return nothing
 */
void harness_init(int argc, char **argv);

/**
 * Starts fakeevdev in a new temp dir with extra arguments (NULL-terminated,
 * may be NULL), waits until its control socket is up and connects to it.
 * Any failure fails the test.
 *
 * @return nothing
 */
void fixture_start(struct fixture *f, const char *const *args);

/**
 * Stops the fixture: closes stdin, SIGTERM, SIGKILL after 5 s; unmounts
 * lazily if the mount outlived it; removes the temp dir. Safe to repeat.
 *
 * @return nothing
 */
void fixture_stop(struct fixture *f);

/** @return the path of eventN in the mount, in static storage valid until the next call */
const char *fixture_path(const struct fixture *f, unsigned int index);

/** @return whether path is a mount point in /proc/self/mountinfo */
bool is_mounted(const char *path);

/**
 * Writes text to a new file in the fixture's dir (before fixture_start()
 * this also creates the dir).
 *
 * @return the file's path, in static storage valid until the next call
 */
const char *fixture_write_file(struct fixture *f, const char *name, const char *text);

/**
 * Opens path with libevdev.
 *
 * @return the libevdev handle with *fd set; fails the test otherwise
 */
struct libevdev *open_evdev(const char *path, int flags, int *fd);

/** @return nothing; frees dev and closes fd */
void close_evdev(struct libevdev *dev, int fd);

/* An expected event: type, code, value. */
struct ev {
	unsigned int type;
	unsigned int code;
	int value;
};

/**
 * Injects events into device through the fixture; fails the test on error.
 *
 * @return nothing
 */
void inject(struct fixture *f, unsigned int device, const struct ev *events, size_t n);

/**
 * Reads with libevdev (LIBEVDEV_READ_FLAG_NORMAL) and checks the events
 * are exactly expected, then that nothing else is queued.
 *
 * @return nothing
 */
void expect_events(struct libevdev *dev, const struct ev *expected, size_t n);

/** @return nothing; checks that no event waits to be read (-EAGAIN) */
void expect_no_event(struct libevdev *dev);

/**
 * Queries the fixture's status of a device; fails the test on error.
 *
 * @return the status, with up to 16 clients in clients (may be NULL)
 */
struct fev_status status_of(struct fixture *f, unsigned int device,
			    struct fev_client_status *clients);

/*
 * close() returns before the fixture hears of it (FUSE sends RELEASE in the
 * background), so whatever a close changes is awaited, for up to 5 s.
 */

/** @return nothing; waits until device has n open files, or fails the test */
void wait_for_clients(struct fixture *f, unsigned int device, unsigned int n);

/** @return nothing; waits until pid (0: nobody) holds device's grab, or fails the test */
void wait_for_grab(struct fixture *f, unsigned int device, pid_t pid);

/** @return nothing; prints "ok - name" after a test case passed */
void pass(const char *name);

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
