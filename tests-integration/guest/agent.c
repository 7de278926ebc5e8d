/* agent.c: guest agent and host evdev-dump: prints input devices' facts and events, runs commands. */
#include "agent.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define AGENT_PROTOCOL 1
#define MAX_LIST 64
#define SCAN_INTERVAL_MS 100
#define WAIT_REPORT_MS 2000

struct options {
	const char *port;
	const char *cmdline;
	const char *scan_dir;
	char *expect[MAX_LIST];
	size_t n_expect;
	char *run[MAX_LIST];
	size_t n_run;
	long count;
	long idle_ms;
};

static volatile sig_atomic_t stop_signal;

/* SIGINT/SIGTERM: poll() returns EINTR and the loop ends with BYE signal. */
static void
on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* Returns CLOCK_MONOTONIC in milliseconds. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct dump_device *
agent_open_device(struct agent *a, const char *path, const char *tag, int *rc)
{
	struct dump_device *d;
	size_t i;

	for (i = 0; i < AGENT_MAX_DEVICES && a->devices[i]; i++)
		;
	if (i == AGENT_MAX_DEVICES) {
		*rc = -ENOSPC;
		goto err;
	}
	*rc = dump_device_open(path, tag, &d);
	if (*rc < 0)
		goto err;
	a->devices[i] = d;
	a->opened_any = true;
	dump_print_facts(a->out, d);
	if (a->grab_all) {
		int grc = dump_device_grab(d, true);

		if (grc == 0) {
			fprintf(a->out, "OK - grab %s 1\n", d->tag);
		} else {
			fprintf(a->out, "ERR - grab ");
			dump_print_errno(a->out, -grc);
			fprintf(a->out, " \"EVIOCGRAB of %s failed\"\n", d->tag);
		}
	}
	return d;

err:
	fprintf(a->out, "ERR - open ");
	dump_print_errno(a->out, -*rc);
	fputc(' ', a->out);
	dump_print_quoted(a->out, path);
	fputc('\n', a->out);
	return NULL;
}

struct dump_device *
agent_find_device(struct agent *a, const char *selector)
{
	size_t i;

	for (i = 0; i < AGENT_MAX_DEVICES; i++)
		if (a->devices[i] && strcmp(a->devices[i]->tag, selector) == 0)
			return a->devices[i];
	for (i = 0; i < AGENT_MAX_DEVICES; i++)
		if (a->devices[i] && strcmp(libevdev_get_name(a->devices[i]->dev), selector) == 0)
			return a->devices[i];
	return NULL;
}

void
agent_close_device(struct agent *a, struct dump_device *d, int reason)
{
	size_t i;

	dump_device_drain(a->out, d);
	a->closed_events += d->events;
	fprintf(a->out, "GONE %s ", d->tag);
	dump_print_errno(a->out, reason);
	fputc('\n', a->out);
	for (i = 0; i < AGENT_MAX_DEVICES; i++)
		if (a->devices[i] == d)
			a->devices[i] = NULL;
	dump_device_close(d);
}

/* Returns the number of event lines printed so far, by the loop or by commands. */
static unsigned long
count_events(const struct agent *a)
{
	unsigned long n = a->closed_events;
	size_t i;

	for (i = 0; i < AGENT_MAX_DEVICES; i++)
		if (a->devices[i])
			n += a->devices[i]->events;
	return n;
}

/* Returns the number of open devices. */
static size_t
count_devices(const struct agent *a)
{
	size_t i, n = 0;

	for (i = 0; i < AGENT_MAX_DEVICES; i++)
		if (a->devices[i])
			n++;
	return n;
}

/* Tags whose open failed, so a scan reports each failure once. */
struct failed_nodes {
	char tag[AGENT_MAX_DEVICES][32];
	bool seen[AGENT_MAX_DEVICES];
};

/* Returns true if name is "event" followed by digits only. */
static bool
is_event_node(const char *name)
{
	const char *p;

	if (strncmp(name, "event", 5) != 0 || !name[5])
		return false;
	for (p = name + 5; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* Opens every eventN in dir that is not open yet. */
static void
scan_devices(struct agent *a, const char *dir, struct failed_nodes *failed)
{
	struct dirent *e;
	DIR *d;
	size_t i;

	d = opendir(dir);
	if (!d)
		return;
	memset(failed->seen, 0, sizeof(failed->seen));
	while ((e = readdir(d))) {
		char path[512];
		bool known = false;
		int rc;

		size_t len = strlen(e->d_name);

		if (!is_event_node(e->d_name) || len >= sizeof(failed->tag[0]))
			continue;
		for (i = 0; i < AGENT_MAX_DEVICES; i++) {
			if (failed->tag[i][0] && strcmp(failed->tag[i], e->d_name) == 0) {
				failed->seen[i] = true;
				known = true;
			}
			if (a->devices[i] && strcmp(a->devices[i]->tag, e->d_name) == 0)
				known = true;
		}
		if (known)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (agent_open_device(a, path, e->d_name, &rc))
			continue;
		for (i = 0; i < AGENT_MAX_DEVICES; i++) {
			if (!failed->tag[i][0]) {
				memcpy(failed->tag[i], e->d_name, len + 1);
				failed->seen[i] = true;
				break;
			}
		}
	}
	closedir(d);
	/* A node that went away may come back as another device: try it again then. */
	for (i = 0; i < AGENT_MAX_DEVICES; i++)
		if (!failed->seen[i])
			failed->tag[i][0] = '\0';
}

/*
 * Matches each expected name to its own open device, in order.
 * Returns true if all matched; matched[] then holds the devices.
 */
static bool
match_expected(struct agent *a, const struct options *o, struct dump_device **matched)
{
	bool used[AGENT_MAX_DEVICES] = { false };
	bool all = true;
	size_t e, i;

	for (e = 0; e < o->n_expect; e++) {
		matched[e] = NULL;
		for (i = 0; i < AGENT_MAX_DEVICES && !matched[e]; i++) {
			if (a->devices[i] && !used[i] &&
			    strcmp(libevdev_get_name(a->devices[i]->dev), o->expect[e]) == 0) {
				used[i] = true;
				matched[e] = a->devices[i];
			}
		}
		if (!matched[e])
			all = false;
	}
	return all;
}

/* Reads vdi.expect= and vdi.run= arguments of a kernel command line file.
 * Returns 0, or -errno. */
static int
read_cmdline(const char *path, struct options *o, FILE *out)
{
	static char buf[4096];
	char *p = buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';

	/* Split like the kernel: blanks separate arguments except inside double
	 * quotes, and the quotes are dropped. */
	while (*p) {
		char *arg, *o_end;
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		arg = o_end = p;
		while (*p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n'))) {
			if (*p == '"')
				quoted = !quoted;
			else
				*o_end++ = *p;
			p++;
		}
		if (*p)
			p++;
		*o_end = '\0';

		if (strncmp(arg, "vdi.expect=", 11) == 0 && o->n_expect < MAX_LIST) {
			if (agent_unescape(arg + 11) < 0) {
				fprintf(out, "ERR - cmdline EINVAL ");
				dump_print_quoted(out, arg);
				fputc('\n', out);
				continue;
			}
			o->expect[o->n_expect++] = arg + 11;
		} else if (strncmp(arg, "vdi.run=", 8) == 0 && o->n_run < MAX_LIST) {
			o->run[o->n_run++] = arg + 8;
		}
	}
	return 0;
}

/* Opens the command and output port; a tty is made raw so nothing is echoed
 * or translated. Returns the fd, or -errno. */
static int
open_port(const char *path)
{
	struct termios tio;
	int fd;

	fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (isatty(fd) && tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);
		cfsetspeed(&tio, B115200);
		tcsetattr(fd, TCSANOW, &tio);
	}
	return fd;
}

/* Prints the options to f. */
static void
usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [options] [DEVICE...]\n"
		"Prints the facts and events of evdev devices as read through libevdev\n"
		"(or raw, see the raw command), and runs commands read one per line.\n"
		"  --port PATH     read commands from and print to PATH (a tty is made raw);\n"
		"                  default: stdin and stdout\n"
		"  --scan DIR      also open every eventN in DIR, now and when it appears\n"
		"  --cmdline PATH  take vdi.expect= and vdi.run= from a kernel command line\n"
		"  --expect NAME   print READY only once a device with this name is open\n"
		"  --run CMD       run CMD after READY, before reading commands\n"
		"  --grab          grab every device when it is opened\n"
		"  --count N       exit after N events\n"
		"  --idle-ms MS    exit after MS milliseconds without an event\n"
		"The line format and the commands are described in tests-integration/README.md.\n",
		argv0);
}

/* Parses the command line into o and a. Returns 0, 1 for --help, or -EINVAL. */
static int
parse_options(int argc, char **argv, struct options *o, struct agent *a)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "scan", required_argument, NULL, 's' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "expect", required_argument, NULL, 'e' },
		{ "run", required_argument, NULL, 'r' },
		{ "grab", no_argument, NULL, 'g' },
		{ "count", required_argument, NULL, 'n' },
		{ "idle-ms", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	o->count = -1;
	o->idle_ms = -1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			o->port = optarg;
			break;
		case 's':
			o->scan_dir = optarg;
			break;
		case 'c':
			o->cmdline = optarg;
			break;
		case 'e':
			if (o->n_expect == MAX_LIST)
				return -EINVAL;
			o->expect[o->n_expect++] = optarg;
			break;
		case 'r':
			if (o->n_run == MAX_LIST)
				return -EINVAL;
			o->run[o->n_run++] = optarg;
			break;
		case 'g':
			a->grab_all = true;
			break;
		case 'n':
			o->count = atol(optarg);
			break;
		case 'i':
			o->idle_ms = atol(optarg);
			break;
		case 'h':
			return 1;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

/* Reads what arrived on the command fd and runs each complete line.
 * Returns 0, or -1 at end of input. */
static int
read_commands(struct agent *a, int fd, char *buf, size_t size, size_t *len, bool *overlong)
{
	ssize_t n;
	char *start, *nl;

	n = read(fd, buf + *len, size - *len - 1);
	if (n < 0)
		return (errno == EINTR || errno == EAGAIN) ? 0 : -1;
	if (n == 0)
		return -1;
	*len += (size_t)n;
	buf[*len] = '\0';

	start = buf;
	while ((nl = strchr(start, '\n'))) {
		*nl = '\0';
		if (nl > start && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*overlong)
			*overlong = false;
		else
			agent_run_command(a, start);
		fflush(a->out);
		start = nl + 1;
	}
	*len -= (size_t)(start - buf);
	memmove(buf, start, *len);
	if (*len == size - 1) {
		/* Drop the rest of an endless line rather than run half of it. */
		fputs("ERR - - E2BIG \"command line too long\"\n", a->out);
		*len = 0;
		*overlong = true;
	}
	return 0;
}

/* Returns 0 after BYE, the code given to quit, 1 if the port cannot be
 * opened, or 2 for bad options. */
int
main(int argc, char **argv)
{
	static struct options o;
	static struct agent a;
	static struct failed_nodes failed;
	static char inbuf[16384];
	struct dump_device *matched[MAX_LIST];
	struct pollfd pfds[AGENT_MAX_DEVICES + 1];
	struct dump_device *polled[AGENT_MAX_DEVICES];
	struct sigaction sa;
	size_t inlen = 0, i;
	bool overlong = false, ready = false;
	long long last_scan = 0, last_event, next_wait_report;
	unsigned long seen_events = 0, total;
	const char *bye = "quit";
	int in_fd = STDIN_FILENO, out_fd = STDOUT_FILENO, rc;

	rc = parse_options(argc, argv, &o, &a);
	if (rc != 0) {
		usage(rc > 0 ? stdout : stderr, argv[0]);
		return rc > 0 ? 0 : 2;
	}
	if (o.port) {
		in_fd = open_port(o.port);
		if (in_fd < 0) {
			fprintf(stderr, "%s: cannot open %s: %s\n", argv[0], o.port, strerror(-in_fd));
			return 1;
		}
		out_fd = in_fd;
	}
	a.out = fdopen(dup(out_fd), "w");
	if (!a.out) {
		perror("fdopen");
		return 1;
	}
	/* Flushed once per loop: a burst of events costs few writes. */
	setvbuf(a.out, NULL, _IOFBF, 1 << 16);
	dump_route_libevdev_log(a.out);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	fprintf(a.out, "AGENT %d pid=%d\n", AGENT_PROTOCOL, (int)getpid());
	if (o.cmdline) {
		rc = read_cmdline(o.cmdline, &o, a.out);
		if (rc < 0) {
			fprintf(a.out, "ERR - cmdline ");
			dump_print_errno(a.out, -rc);
			fputc(' ', a.out);
			dump_print_quoted(a.out, o.cmdline);
			fputc('\n', a.out);
		}
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];

		agent_open_device(&a, argv[i], base, &rc);
	}

	last_event = now_ms();
	next_wait_report = now_ms() + WAIT_REPORT_MS;
	while (!a.quit && !stop_signal) {
		long long now = now_ms();
		nfds_t n = 0;
		int timeout = -1;

		if (o.scan_dir && now - last_scan >= SCAN_INTERVAL_MS) {
			scan_devices(&a, o.scan_dir, &failed);
			last_scan = now;
		}

		if (!ready && match_expected(&a, &o, matched)) {
			ready = true;
			fputs("READY", a.out);
			for (i = 0; i < o.n_expect; i++)
				fprintf(a.out, " %s", matched[i]->tag);
			fputc('\n', a.out);
			for (i = 0; i < o.n_run && !a.quit; i++) {
				agent_run_command(&a, o.run[i]);
				fflush(a.out);
			}
			last_event = now_ms();
		} else if (!ready && now >= next_wait_report) {
			fputs("WAIT", a.out);
			for (i = 0; i < o.n_expect; i++) {
				if (matched[i])
					continue;
				fputc(' ', a.out);
				dump_print_quoted(a.out, o.expect[i]);
			}
			fputc('\n', a.out);
			next_wait_report = now + WAIT_REPORT_MS;
		}
		fflush(a.out);
		if (a.quit)
			break;

		if (!o.scan_dir && a.opened_any && count_devices(&a) == 0) {
			bye = "gone";
			break;
		}
		if (!o.scan_dir && in_fd < 0 && count_devices(&a) == 0) {
			bye = "eof";
			break;
		}

		for (i = 0; i < AGENT_MAX_DEVICES; i++) {
			if (!a.devices[i] || a.devices[i]->paused)
				continue;
			polled[n] = a.devices[i];
			pfds[n].fd = a.devices[i]->fd;
			pfds[n].events = POLLIN;
			n++;
		}
		/* Commands wait until READY and the scripted commands have run. */
		if (ready && in_fd >= 0) {
			pfds[n].fd = in_fd;
			pfds[n].events = POLLIN;
			n++;
		}

		if (o.scan_dir)
			timeout = SCAN_INTERVAL_MS;
		if (!ready)
			timeout = SCAN_INTERVAL_MS;
		if (ready && o.idle_ms >= 0) {
			long long left = last_event + o.idle_ms - now_ms();

			if (left <= 0) {
				bye = "idle";
				break;
			}
			if (timeout < 0 || left < timeout)
				timeout = (int)left;
		}

		rc = poll(pfds, n, timeout);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			fputs("ERR - poll ", a.out);
			dump_print_errno(a.out, errno);
			fputs(" \"poll failed\"\n", a.out);
			a.exit_code = 1;
			break;
		}

		for (i = 0; i < n; i++) {
			struct dump_device *d;

			if (!pfds[i].revents || (ready && in_fd >= 0 && i == n - 1))
				continue;
			d = polled[i];
			rc = dump_device_drain(a.out, d);
			if (rc < 0)
				agent_close_device(&a, d, -rc);
		}
		if (ready && in_fd >= 0 && pfds[n - 1].revents) {
			if (read_commands(&a, in_fd, inbuf, sizeof(inbuf), &inlen, &overlong) < 0)
				in_fd = -1;
		}
		fflush(a.out);

		total = count_events(&a);
		if (total != seen_events) {
			seen_events = total;
			last_event = now_ms();
		}
		if (o.count >= 0 && total >= (unsigned long)o.count) {
			bye = "count";
			break;
		}
	}

	/* Print whatever arrived before the end. */
	for (i = 0; i < AGENT_MAX_DEVICES; i++)
		if (a.devices[i] && !a.devices[i]->paused)
			dump_device_drain(a.out, a.devices[i]);
	if (stop_signal)
		bye = "signal";
	fprintf(a.out, "BYE %s\n", bye);
	fflush(a.out);

	agent_destroy_uinputs(&a);
	for (i = 0; i < AGENT_MAX_DEVICES; i++)
		dump_device_close(a.devices[i]);
	fclose(a.out);
	return a.exit_code;
}
