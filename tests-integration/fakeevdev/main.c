/* main.c: fakeevdev's options, start-up (devices, mount, control socket), event loop and clean exit. */
#define FUSE_USE_VERSION 35

#include <errno.h>
#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "control.h"
#include "fs.h"
#include "log.h"
#include "loop.h"
#include "profiles.h"
#include "protocol.h"
#include "registry.h"

#define MAX_DEFINITION_FILE (1 << 20)

struct options {
	char *control;
	unsigned int bufsize;
	int lossless;
	int trace;
	int exit_with_stdin;
	int help;
	char *devices[REGISTRY_MAX_DEVICES];
	unsigned int ndevices;
};

enum { OPTION_DEVICE, OPTION_HELP };

#define OPTION(template, field, value) { template, offsetof(struct options, field), value }
static const struct fuse_opt option_spec[] = {
	OPTION("--control=%s", control, 0),
	OPTION("--bufsize=%u", bufsize, 0),
	OPTION("--lossless", lossless, 1),
	OPTION("--trace", trace, 1),
	OPTION("--exit-with-stdin", exit_with_stdin, 1),
	FUSE_OPT_KEY("--device=", OPTION_DEVICE),
	FUSE_OPT_KEY("-h", OPTION_HELP),
	FUSE_OPT_KEY("--help", OPTION_HELP),
	FUSE_OPT_END,
};

static struct fuse_session *session;
static struct fuse_buf request_buf;

/* @return nothing; prints the options */
static void
usage(const char *prog)
{
	printf("usage: %s --control=SOCKET [options] MOUNTPOINT\n"
	       "\n"
	       "Serves files MOUNTPOINT/event0, event1, ... that behave like /dev/input/eventN.\n"
	       "\n"
	       "  --control=SOCKET   Unix socket for the control protocol; it appears once the\n"
	       "                     fixture is mounted and ready\n"
	       "  --device=SPEC      add a device (repeatable, in order): a profile (keyboard,\n"
	       "                     mouse, tablet, multitouch) or a definition file (any SPEC\n"
	       "                     with a '/'); default: the four profiles\n"
	       "  --bufsize=N        events per client queue (default: as the kernel sizes it)\n"
	       "  --lossless         injection waits, up to 2 s, while a reader's queue is full\n"
	       "  --exit-with-stdin  exit and unmount when stdin reaches end of file\n"
	       "  --trace            log every open, ioctl, write and grab to stderr\n"
	       "  -f                 stay in the foreground\n"
	       "  -o OPTIONS         FUSE mount options, e.g. allow_other,auto_unmount\n",
	       prog);
}

/* @return 0 for an option taken here, 1 to leave it to libfuse, -1 on error (fuse_opt_proc_t) */
static int
option_proc(void *data, const char *arg, int key, struct fuse_args *outargs)
{
	struct options *opts = data;

	(void)outargs;
	switch (key) {
	case OPTION_DEVICE:
		if (opts->ndevices == REGISTRY_MAX_DEVICES) {
			log_error("at most %d devices", REGISTRY_MAX_DEVICES);
			return -1;
		}
		opts->devices[opts->ndevices] = strdup(arg + strlen("--device="));
		if (!opts->devices[opts->ndevices])
			return -1;
		opts->ndevices++;
		return 0;
	case OPTION_HELP:
		opts->help = 1;
		return 0;
	default:
		return 1; /* keep it for libfuse */
	}
}

/* @return a malloc'd copy of the file's contents with *len set, or NULL after logging why */
static char *
read_file(const char *path, size_t *len)
{
	char *buf = malloc(MAX_DEFINITION_FILE);
	size_t n = 0;
	FILE *f;

	if (!buf)
		return NULL;
	f = fopen(path, "re");
	if (!f) {
		log_error("%s: %s", path, strerror(errno));
		free(buf);
		return NULL;
	}
	n = fread(buf, 1, MAX_DEFINITION_FILE, f);
	if (ferror(f) || n == MAX_DEFINITION_FILE) {
		log_error("%s: cannot read it, or it is 1 MiB or more", path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* @return 0 after plugging the device a --device SPEC names, or -1 after logging why */
static int
plug_spec(const char *spec)
{
	char err[512];
	char *text;
	size_t len;
	unsigned int index;
	int rc;

	if (profile_definition(spec)) {
		if (asprintf(&text, "profile %s\n", spec) < 0)
			return -1;
		len = strlen(text);
	} else if (strchr(spec, '/')) {
		text = read_file(spec, &len);
		if (!text)
			return -1;
	} else {
		log_error("--device=%s: no such profile (keyboard, mouse, tablet, multitouch); "
			  "give a definition file as a path with a '/'",
			  spec);
		return -1;
	}
	rc = registry_plug(FEV_DEVICE_NEW, text, len, &index, err, sizeof(err));
	free(text);
	if (rc < 0) {
		log_error("--device=%s: %s", spec, err[0] ? err : strerror(-rc));
		return -1;
	}
	return 0;
}

/* @return nothing; handles the FUSE requests that are waiting */
static void
fuse_ready(struct watch *w, uint32_t events)
{
	(void)w;
	(void)events;
	/* A bounded batch, so control connections get their turn. */
	for (int i = 0; i < 64; i++) {
		int rc = fuse_session_receive_buf(session, &request_buf);

		if (rc == -EAGAIN || rc == -EINTR)
			return;
		if (rc <= 0 || fuse_session_exited(session)) {
			loop_stop(); /* unmounted */
			return;
		}
		fuse_session_process_buf(session, &request_buf);
		if (fuse_session_exited(session)) {
			loop_stop();
			return;
		}
	}
}

/* @return nothing; SIGINT, SIGTERM or SIGHUP ends the loop */
static void
signal_ready(struct watch *w, uint32_t events)
{
	struct signalfd_siginfo si;

	(void)events;
	if (read(w->fd, &si, sizeof(si)) == sizeof(si))
		log_trace("signal %u: exiting", si.ssi_signo);
	loop_stop();
}

/* @return nothing; end of stdin ends the loop (--exit-with-stdin) */
static void
stdin_ready(struct watch *w, uint32_t events)
{
	char buf[256];

	(void)events;
	/* epoll said readable, so this read does not block */
	if (read(w->fd, buf, sizeof(buf)) <= 0) {
		log_trace("stdin closed: exiting");
		loop_stop();
	}
}

/* @return 0 once SIGINT, SIGTERM and SIGHUP arrive through the loop, or -errno */
static int
watch_signals(struct watch *w)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	w->fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (w->fd < 0)
		return -errno;
	w->ready = signal_ready;
	return loop_add(w, EPOLLIN);
}

int
main(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct fuse_cmdline_opts cmdline = { 0 };
	struct options opts = { 0 };
	struct watch fuse_watch, signal_watch = { .fd = -1 }, stdin_watch;
	int ret = 1;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	if (fuse_opt_parse(&args, &opts, option_spec, option_proc) < 0)
		goto out_args;
	if (opts.help) {
		usage(argv[0]);
		ret = 0;
		goto out_args;
	}
	/* The name shows in /proc/mounts, so leftovers are easy to find. */
	if (fuse_opt_add_arg(&args, "-ofsname=fakeevdev,subtype=fakeevdev") < 0 ||
	    fuse_parse_cmdline(&args, &cmdline) != 0)
		goto out_args;
	if (!cmdline.mountpoint || !opts.control) {
		usage(argv[0]);
		ret = 2;
		goto out_args;
	}
	log_tracing = opts.trace;
	registry_set_bufsize(opts.bufsize);
	if (opts.ndevices == 0) {
		for (const char *const *p = profile_names(); *p; p++)
			opts.devices[opts.ndevices++] = strdup(*p);
	}
	for (unsigned int i = 0; i < opts.ndevices; i++) {
		if (!opts.devices[i] || plug_spec(opts.devices[i]) < 0) {
			ret = 2;
			goto out_registry;
		}
	}

	rc = loop_init();
	if (rc < 0) {
		log_error("epoll: %s", strerror(-rc));
		goto out_registry;
	}
	session = fuse_session_new(&args, &fs_operations, sizeof(fs_operations), NULL);
	if (!session)
		goto out_registry;
	if (fuse_session_mount(session, cmdline.mountpoint) != 0)
		goto out_session;
	/* Only after mounting: fusermount3 would inherit blocked signals. */
	rc = watch_signals(&signal_watch);
	if (rc < 0) {
		log_error("signals: %s", strerror(-rc));
		goto out_unmount;
	}
	fuse_watch.fd = fuse_session_fd(session);
	fuse_watch.ready = fuse_ready;
	fcntl(fuse_watch.fd, F_SETFL, fcntl(fuse_watch.fd, F_GETFL) | O_NONBLOCK);
	rc = loop_add(&fuse_watch, EPOLLIN);
	if (rc == 0 && opts.exit_with_stdin) {
		stdin_watch.fd = STDIN_FILENO;
		stdin_watch.ready = stdin_ready;
		rc = loop_add(&stdin_watch, EPOLLIN);
	}
	if (rc < 0) {
		log_error("epoll: %s", strerror(-rc));
		goto out_unmount;
	}
	rc = control_listen(opts.control, opts.lossless);
	if (rc < 0) {
		log_error("--control=%s: %s", opts.control, strerror(-rc));
		goto out_unmount;
	}
	fuse_daemonize(cmdline.foreground);

	rc = loop_run(control_timeout_ms, control_resume);
	if (rc < 0)
		log_error("epoll: %s", strerror(-rc));
	else
		ret = 0;

	control_close();
out_unmount:
	/* Parked reads are answered while the session can still reply. */
	registry_clear();
	fuse_session_unmount(session);
out_session:
	fuse_session_destroy(session);
out_registry:
	registry_clear();
	if (signal_watch.fd >= 0)
		close(signal_watch.fd);
	free(request_buf.mem);
	for (unsigned int i = 0; i < opts.ndevices; i++)
		free(opts.devices[i]);
out_args:
	free(opts.control);
	free(cmdline.mountpoint);
	fuse_opt_free_args(&args);
	return ret;
}
