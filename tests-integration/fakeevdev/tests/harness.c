/* harness.c: fixture start and guaranteed teardown for the C tests, plus checks over libevdev. */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FIXTURES 8
#define READY_TIMEOUT_MS 10000

static const char *fakeevdev_path;
static struct fixture *running[MAX_FIXTURES];
static bool exiting;        /* in atexit(): report, do not exit again */
static bool fixture_failed; /* a fixture did not exit cleanly */

/* @return milliseconds on the monotonic clock */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* @return nothing; sleeps ms milliseconds */
static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* @return nothing; copies the fixture's log to stderr, to explain a failure */
static void
dump_log(const struct fixture *f)
{
	char buf[4096];
	size_t n;
	FILE *log = fopen(f->log, "re");

	if (!log)
		return;
	fprintf(stderr, "---- %s\n", f->log);
	while ((n = fread(buf, 1, sizeof(buf), log)) > 0)
		fwrite(buf, 1, n, stderr);
	fprintf(stderr, "----\n");
	fclose(log);
}

void
check_failed(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s:%d: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	for (int i = 0; i < MAX_FIXTURES; i++) {
		if (running[i])
			dump_log(running[i]);
	}
	exit(1); /* atexit() stops the fixtures */
}

/* @return nothing; atexit(): stops every fixture still running */
static void
stop_all(void)
{
	exiting = true;
	for (int i = 0; i < MAX_FIXTURES; i++) {
		if (running[i])
			fixture_stop(running[i]);
	}
	if (fixture_failed)
		_exit(1);
}

/* Only async-signal-safe calls: the fixtures then unmount themselves. */
static void
on_fatal_signal(int sig)
{
	for (int i = 0; i < MAX_FIXTURES; i++) {
		if (running[i] && running[i]->pid > 0)
			kill(running[i]->pid, SIGTERM);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* @return whether an executable called name is on $PATH */
static bool
on_path(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL;
	bool found = false;

	copy = strdup(path ? path : "/usr/bin:/bin");
	if (!copy)
		return false;
	for (char *dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char full[4096];

		snprintf(full, sizeof(full), "%s/%s", dir, name);
		found = access(full, X_OK) == 0;
	}
	free(copy);
	return found;
}

void
harness_init(int argc, char **argv)
{
	int fd;

	if (argc < 2) {
		fprintf(stderr, "FAIL: usage: %s PATH-TO-FAKEEVDEV (ctest passes it)\n", argv[0]);
		exit(1);
	}
	fakeevdev_path = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	atexit(stop_all);
	signal(SIGINT, on_fatal_signal);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGSEGV, on_fatal_signal);
	signal(SIGABRT, on_fatal_signal);
	signal(SIGPIPE, SIG_IGN);

	/* No silent skips: without FUSE these tests cannot say anything. */
	fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr,
			"FAIL: cannot open /dev/fuse (%s). The fake evdev needs FUSE: load the "
			"fuse module, or run the container with --device /dev/fuse.\n",
			strerror(errno));
		exit(1);
	}
	close(fd);
	if (!on_path("fusermount3")) {
		fprintf(stderr,
			"FAIL: fusermount3 is not on PATH. Install it: apt-get install fuse3\n");
		exit(1);
	}
	if (access(fakeevdev_path, X_OK) != 0) {
		fprintf(stderr, "FAIL: %s: %s\n", fakeevdev_path, strerror(errno));
		exit(1);
	}
}

/* @return nothing; creates the fixture's temp dir once */
static void
make_dir(struct fixture *f)
{
	if (f->dir[0])
		return;
	snprintf(f->dir, sizeof(f->dir), "/tmp/fakeevdev-test-XXXXXX");
	CHECK(mkdtemp(f->dir), "mkdtemp: %s", strerror(errno));
	snprintf(f->mnt, sizeof(f->mnt), "%s/mnt", f->dir);
	snprintf(f->control, sizeof(f->control), "%s/control", f->dir);
	snprintf(f->log, sizeof(f->log), "%s/fakeevdev.log", f->dir);
	CHECK(mkdir(f->mnt, 0755) == 0, "mkdir %s: %s", f->mnt, strerror(errno));
}

const char *
fixture_write_file(struct fixture *f, const char *name, const char *text)
{
	static char path[256];
	FILE *out;

	make_dir(f);
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	out = fopen(path, "we");
	CHECK(out, "%s: %s", path, strerror(errno));
	CHECK(fputs(text, out) >= 0 && fclose(out) == 0, "writing %s", path);
	return path;
}

void
fixture_start(struct fixture *f, const char *const *args)
{
	const char *argv[64];
	char control_arg[160];
	int pipefd[2];
	int n = 0;
	int slot = -1;
	long long deadline;

	make_dir(f);
	f->ctl = NULL;
	for (int i = 0; i < MAX_FIXTURES && slot < 0; i++) {
		if (!running[i])
			slot = i;
	}
	CHECK(slot >= 0, "more than %d fixtures at once", MAX_FIXTURES);
	snprintf(control_arg, sizeof(control_arg), "--control=%s", f->control);
	argv[n++] = fakeevdev_path;
	argv[n++] = "-f";
	/* auto_unmount: even a SIGKILLed fixture leaves no mount behind */
	argv[n++] = "-oauto_unmount";
	argv[n++] = control_arg;
	argv[n++] = "--exit-with-stdin";
	for (int i = 0; args && args[i]; i++) {
		CHECK(n < 60, "too many arguments");
		argv[n++] = args[i];
	}
	argv[n++] = f->mnt;
	argv[n] = NULL;

	CHECK(pipe2(pipefd, O_CLOEXEC) == 0, "pipe: %s", strerror(errno));
	f->pid = fork();
	CHECK(f->pid >= 0, "fork: %s", strerror(errno));
	if (f->pid == 0) {
		int log = open(f->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		/* dies with the test, even one killed by ctest's timeout */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (log < 0 || dup2(pipefd[0], STDIN_FILENO) < 0 || dup2(log, STDOUT_FILENO) < 0 ||
		    dup2(log, STDERR_FILENO) < 0)
			_exit(127);
		execv(fakeevdev_path, (char *const *)argv);
		dprintf(STDERR_FILENO, "exec %s: %s\n", fakeevdev_path, strerror(errno));
		_exit(127);
	}
	close(pipefd[0]);
	f->lifeline = pipefd[1];
	running[slot] = f;

	deadline = now_ms() + READY_TIMEOUT_MS;
	for (;;) {
		int status;
		pid_t r = waitpid(f->pid, &status, WNOHANG);

		if (r == f->pid) {
			f->pid = 0;
			check_failed(__FILE__, __LINE__, "fixture_start",
				     "fakeevdev exited during start-up (status 0x%x)", status);
		}
		if (access(f->control, F_OK) == 0)
			break;
		CHECK(now_ms() < deadline, "fakeevdev not ready after %d ms", READY_TIMEOUT_MS);
		sleep_ms(5);
	}
	CHECK(is_mounted(f->mnt), "control socket is up but %s is not mounted", f->mnt);
	{
		int rc = fev_ctl_connect(f->control, &f->ctl);

		CHECK(rc == 0, "connect %s: %s", f->control, strerror(-rc));
	}
}

/* @return nothing; runs fusermount3 -u -z on path and waits for it */
static void
lazy_unmount(const char *path)
{
	pid_t pid = fork();

	if (pid == 0) {
		execlp("fusermount3", "fusermount3", "-u", "-z", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* @return nothing; removes the files in dir and dir itself (never into a mount) */
static void
remove_dir(const char *dir, const char *mnt)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[512];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (strcmp(path, mnt) == 0)
			rmdir(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

void
fixture_stop(struct fixture *f)
{
	long long deadline;

	for (int i = 0; i < MAX_FIXTURES; i++) {
		if (running[i] == f)
			running[i] = NULL;
	}
	fev_ctl_close(f->ctl);
	f->ctl = NULL;
	if (f->lifeline > 0) {
		close(f->lifeline);
		f->lifeline = -1;
	}
	if (f->pid > 0) {
		int status = 0;

		kill(f->pid, SIGTERM);
		deadline = now_ms() + 5000;
		while (waitpid(f->pid, &status, WNOHANG) == 0) {
			if (now_ms() > deadline) {
				fprintf(stderr, "FAIL: fakeevdev did not stop within 5 s of SIGTERM\n");
				kill(f->pid, SIGKILL);
				waitpid(f->pid, &status, 0);
				break;
			}
			sleep_ms(5);
		}
		f->pid = 0;
		/* a crash or a sanitizer report at exit fails the test */
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "FAIL: fakeevdev ended with status 0x%x\n", status);
			dump_log(f);
			fixture_failed = true;
		}
	}
	if (f->dir[0] == '\0')
		return;
	/* auto_unmount's helper may need a moment after a SIGKILL */
	deadline = now_ms() + 2000;
	while (is_mounted(f->mnt) && now_ms() < deadline)
		sleep_ms(10);
	if (is_mounted(f->mnt)) {
		fprintf(stderr, "fixture_stop: %s still mounted, unmounting lazily\n", f->mnt);
		lazy_unmount(f->mnt);
	}
	if (!is_mounted(f->mnt))
		remove_dir(f->dir, f->mnt);
	f->dir[0] = '\0';
	if (fixture_failed && !exiting)
		exit(1);
}

const char *
fixture_path(const struct fixture *f, unsigned int index)
{
	static char path[192];

	snprintf(path, sizeof(path), "%s/event%u", f->mnt, index);
	return path;
}

bool
is_mounted(const char *path)
{
	char line[4096];
	bool found = false;
	FILE *in = fopen("/proc/self/mountinfo", "re");

	if (!in)
		return false;
	while (!found && fgets(line, sizeof(line), in)) {
		char mountpoint[4096];

		/* field 5 is the mount point; our temp paths have no spaces to escape */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mountpoint) == 1)
			found = strcmp(mountpoint, path) == 0;
	}
	fclose(in);
	return found;
}

struct libevdev *
open_evdev(const char *path, int flags, int *fd)
{
	struct libevdev *dev = NULL;
	int rc;

	*fd = open(path, flags | O_CLOEXEC);
	CHECK(*fd >= 0, "open %s: %s", path, strerror(errno));
	rc = libevdev_new_from_fd(*fd, &dev);
	CHECK(rc == 0, "libevdev_new_from_fd(%s): %s", path, strerror(-rc));
	return dev;
}

void
close_evdev(struct libevdev *dev, int fd)
{
	libevdev_free(dev);
	close(fd);
}

void
inject(struct fixture *f, unsigned int device, const struct ev *events, size_t n)
{
	struct fev_event *batch = calloc(n ? n : 1, sizeof(*batch));
	int rc;

	CHECK(batch, "out of memory");
	for (size_t i = 0; i < n; i++)
		batch[i] = (struct fev_event){ events[i].type, events[i].code, events[i].value };
	rc = fev_ctl_inject(f->ctl, device, batch, n);
	CHECK(rc == 0, "inject into event%u: %s (%s)", device, strerror(-rc),
	      fev_ctl_error(f->ctl));
	free(batch);
}

/* @return a printable "TYPE CODE value" in static storage */
static const char *
describe(unsigned int type, unsigned int code, int value)
{
	static char buf[128];
	const char *t = libevdev_event_type_get_name(type);
	const char *c = libevdev_event_code_get_name(type, code);

	snprintf(buf, sizeof(buf), "%s %s %d", t ? t : "?", c ? c : "?", value);
	return buf;
}

void
expect_events(struct libevdev *dev, const struct ev *expected, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct input_event got;
		char want[128];
		int rc = libevdev_next_event(dev, LIBEVDEV_READ_FLAG_NORMAL, &got);

		snprintf(want, sizeof(want), "%s",
			 describe(expected[i].type, expected[i].code, expected[i].value));
		CHECK(rc == LIBEVDEV_READ_STATUS_SUCCESS,
		      "event %zu (%s): libevdev_next_event = %d (%s)", i, want, rc,
		      rc < 0 ? strerror(-rc) : "sync");
		CHECK(got.type == expected[i].type && got.code == expected[i].code &&
			      got.value == expected[i].value,
		      "event %zu: got %s, expected %s", i, describe(got.type, got.code, got.value),
		      want);
	}
	expect_no_event(dev);
}

void
expect_no_event(struct libevdev *dev)
{
	struct input_event got;
	int rc = libevdev_next_event(dev, LIBEVDEV_READ_FLAG_NORMAL, &got);

	CHECK(rc == -EAGAIN, "expected no event, got rc %d: %s", rc,
	      rc >= 0 ? describe(got.type, got.code, got.value) : strerror(-rc));
}

struct fev_status
status_of(struct fixture *f, unsigned int device, struct fev_client_status *clients)
{
	struct fev_status st;
	int rc = fev_ctl_status(f->ctl, device, &st, clients, clients ? 16 : 0);

	CHECK(rc == 0, "status of event%u: %s (%s)", device, strerror(-rc), fev_ctl_error(f->ctl));
	return st;
}

void
wait_for_clients(struct fixture *f, unsigned int device, unsigned int n)
{
	long long deadline = now_ms() + 5000;

	while (status_of(f, device, NULL).clients != n && now_ms() < deadline)
		sleep_ms(5);
	CHECK_INT(status_of(f, device, NULL).clients, n);
}

void
wait_for_grab(struct fixture *f, unsigned int device, pid_t pid)
{
	long long deadline = now_ms() + 5000;

	while (status_of(f, device, NULL).grab_pid != pid && now_ms() < deadline)
		sleep_ms(5);
	CHECK_INT(status_of(f, device, NULL).grab_pid, pid);
}

void
pass(const char *name)
{
	printf("ok - %s\n", name);
}
