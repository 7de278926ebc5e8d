/* test_lifecycle.c: the fixture always unmounts (stdin end, SIGTERM, SIGKILL); bad starts explain. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static const char *fakeevdev;

/* @return the exit status of pid, waited for up to 5 s; fails the test if it runs on */
static int
wait_exit(pid_t pid)
{
	for (int i = 0; i < 500; i++) {
		int status;

		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		usleep(10000);
	}
	check_failed(__FILE__, __LINE__, "wait_exit", "pid %d still runs after 5 s", (int)pid);
}

/* @return nothing; checks that mnt stops being a mount point within 2 s */
static void
expect_unmounted(const char *mnt)
{
	for (int i = 0; i < 200 && is_mounted(mnt); i++)
		usleep(10000);
	CHECK(!is_mounted(mnt), "%s is still mounted", mnt);
}

static void
test_stdin_closed(void)
{
	struct fixture f = { 0 };
	int status;

	fixture_start(&f, NULL);
	close(f.lifeline);
	f.lifeline = -1;
	status = wait_exit(f.pid);
	f.pid = 0;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status 0x%x", status);
	CHECK(!is_mounted(f.mnt), "unmounted before exiting");
	CHECK(access(f.control, F_OK) < 0 && errno == ENOENT, "control socket removed");
	fixture_stop(&f);
	pass("--exit-with-stdin: end of stdin unmounts and exits 0");
}

/* @return the errno of a blocking read of the fd at arg, or 0 */
static void *
blocked_read(void *arg)
{
	struct input_event ev;

	return (void *)(long)(read(*(int *)arg, &ev, sizeof(ev)) < 0 ? errno : 0);
}

static void
test_sigterm_with_blocked_reader(void)
{
	struct fixture f = { 0 };
	pthread_t th;
	void *result;
	int status;
	int fd;

	fixture_start(&f, NULL);
	fd = open(fixture_path(&f, 0), O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK(pthread_create(&th, NULL, blocked_read, &fd) == 0, "pthread_create");
	usleep(100000);
	kill(f.pid, SIGTERM);
	status = wait_exit(f.pid);
	f.pid = 0;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status 0x%x", status);
	pthread_join(th, &result);
	CHECK((long)result == ENODEV || (long)result == ENOTCONN, "blocked read ended with %s",
	      strerror((int)(long)result));
	close(fd);
	expect_unmounted(f.mnt);
	fixture_stop(&f);
	pass("SIGTERM: a blocked reader is released, the mount removed, exit 0");
}

static void
test_sigkill(void)
{
	struct fixture f = { 0 };
	int status;

	fixture_start(&f, NULL);
	kill(f.pid, SIGKILL);
	status = wait_exit(f.pid);
	f.pid = 0;
	CHECK(WIFSIGNALED(status), "killed");
	/* auto_unmount: fusermount3 watches the session and unmounts after a crash */
	expect_unmounted(f.mnt);
	fixture_stop(&f);
	pass("SIGKILL: auto_unmount still removes the mount");
}

/* @return the exit status of fakeevdev run with args; its stderr goes to err */
static int
run(const char *const *args, char *err, size_t errlen)
{
	const char *argv[16];
	int pipefd[2];
	int n = 0, status;
	ssize_t got;
	size_t have = 0;
	pid_t pid;

	argv[n++] = fakeevdev;
	for (int i = 0; args[i]; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	CHECK(pipe(pipefd) == 0, "pipe");
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		execv(fakeevdev, (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	while (have < errlen - 1 && (got = read(pipefd[0], err + have, errlen - 1 - have)) > 0)
		have += got;
	err[have] = '\0';
	close(pipefd[0]);
	status = wait_exit(pid);
	return status;
}

static void
test_bad_start(void)
{
	struct fixture f = { 0 };
	const char *def = fixture_write_file(&f, "bad.def", "name ok\nkey KEY_A\nabs ABS_Q\n");
	char device_arg[256], control_arg[256], mnt[128], err[4096];
	int status;

	snprintf(device_arg, sizeof(device_arg), "--device=%s", def);
	snprintf(control_arg, sizeof(control_arg), "--control=%s", f.control);
	snprintf(mnt, sizeof(mnt), "%s", f.mnt);

	status = run((const char *const[]){ mnt, NULL }, err, sizeof(err));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2 && strstr(err, "usage"),
	      "without --control: 0x%x %s", status, err);
	status = run((const char *const[]){ control_arg, "--device=gamepad", mnt, NULL }, err,
		     sizeof(err));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2 &&
		      strstr(err, "gamepad: no such profile"),
	      "unknown profile: 0x%x %s", status, err);
	status = run((const char *const[]){ control_arg, device_arg, mnt, NULL }, err, sizeof(err));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2 &&
		      strstr(err, "line 3: unknown name 'ABS_Q'"),
	      "bad definition: 0x%x %s", status, err);
	status = run((const char *const[]){ "--help", NULL }, err, sizeof(err));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && strstr(err, "--device=SPEC"),
	      "--help: 0x%x %s", status, err);
	CHECK(!is_mounted(f.mnt), "nothing mounted");
	fixture_stop(&f);
	pass("bad start-ups: usage, unknown profile, definition errors; exit 2, nothing mounted");
}

int
main(int argc, char **argv)
{
	harness_init(argc, argv);
	fakeevdev = argv[1];
	test_stdin_closed();
	test_sigterm_with_blocked_reader();
	test_sigkill();
	test_bad_start();
	return 0;
}
