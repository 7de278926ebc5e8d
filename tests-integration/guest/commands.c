/* commands.c: the agent's commands (led, write, raw, state, uinput, ...) and their OK/ERR replies. */
#include "agent.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_TOKENS 1024

/* What a command says after OK, or why it failed after ERR. */
struct reply {
	char text[512];
	size_t len;
};

/* Appends formatted text to the reply, truncating if it is full. */
static void
reply_add(struct reply *r, const char *fmt, ...)
{
	va_list args;
	int n;

	if (r->len >= sizeof(r->text) - 1)
		return;
	va_start(args, fmt);
	n = vsnprintf(r->text + r->len, sizeof(r->text) - r->len, fmt, args);
	va_end(args);
	if (n > 0)
		r->len += (size_t)n;
	if (r->len > sizeof(r->text) - 1)
		r->len = sizeof(r->text) - 1;
}

/* Appends " " and token, escaped so that it stays one token when read back. */
static void
reply_add_token(struct reply *r, const char *token)
{
	const unsigned char *p;

	reply_add(r, " ");
	for (p = (const unsigned char *)token; *p; p++) {
		if (*p <= 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			reply_add(r, "\\x%02x", *p);
		else
			reply_add(r, "%c", *p);
	}
}

/* Returns the value of hex digit c, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the \xHH escape at p into *byte. Returns 0, or -EINVAL. */
static int
decode_escape(const char *p, char *byte)
{
	int hi, lo;

	if (p[0] != '\\' || p[1] != 'x')
		return -EINVAL;
	hi = hex_value(p[2]);
	lo = hi < 0 ? -1 : hex_value(p[3]);
	if (lo < 0 || (hi == 0 && lo == 0))
		return -EINVAL;
	*byte = (char)(hi * 16 + lo);
	return 0;
}

int
agent_unescape(char *s)
{
	char *o = s;

	while (*s) {
		if (*s == '\\') {
			if (decode_escape(s, o++) < 0)
				return -EINVAL;
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return 0;
}

/*
 * Splits line in place into tokens separated by blanks. Double quotes group
 * blanks into a token and are dropped; \xHH stands for any byte.
 * Returns the number of tokens, -EINVAL for a bad escape or an open quote, or
 * -E2BIG for more than max tokens.
 */
static int
tokenize(char *line, char **argv, int max)
{
	char *p = line, *o;
	bool quoted;
	int argc = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = o = p;
		quoted = false;
		while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
			if (*p == '"') {
				quoted = !quoted;
				p++;
			} else if (*p == '\\') {
				if (decode_escape(p, o++) < 0)
					return -EINVAL;
				p += 4;
			} else {
				*o++ = *p++;
			}
		}
		if (quoted)
			return -EINVAL;
		if (*p)
			p++;
		*o = '\0';
	}
}

/* Finds an open device for a command. Returns it, or NULL with a reason in r. */
static struct dump_device *
need_device(struct agent *a, struct reply *r, const char *selector)
{
	struct dump_device *d = agent_find_device(a, selector);

	if (!d) {
		reply_add(r, "no open device");
		reply_add_token(r, selector);
	}
	return d;
}

/* Finds a uinput slot by id. Returns it, or NULL. */
static struct agent_uinput *
find_uinput(struct agent *a, const char *id)
{
	size_t i;

	for (i = 0; i < AGENT_MAX_UINPUTS; i++)
		if (a->uinputs[i].u && strcmp(a->uinputs[i].id, id) == 0)
			return &a->uinputs[i];
	return NULL;
}

/* Finds the reader of a uinput device's node. Returns it, or NULL. */
static struct dump_device *
uinput_reader(struct agent *a, struct agent_uinput *slot)
{
	const char *node = vuinput_devnode(slot->u);
	size_t i;

	for (i = 0; node && i < AGENT_MAX_DEVICES; i++)
		if (a->devices[i] && strcmp(a->devices[i]->path, node) == 0)
			return a->devices[i];
	return NULL;
}

/* Prints the events a command made a device queue, so they come before its OK.
 * d may be closed (and freed) here, so call this last. */
static void
drain_now(struct agent *a, struct dump_device *d)
{
	int rc;

	if (!d || d->paused)
		return;
	rc = dump_device_drain(a->out, d);
	if (rc < 0)
		agent_close_device(a, d, -rc);
}

/* echo ARGS...: a marker in the output. Returns 0. */
static int
cmd_echo(struct agent *a, struct reply *r, int argc, char **argv)
{
	int i;

	(void)a;
	for (i = 1; i < argc; i++)
		reply_add_token(r, argv[i]);
	return 0;
}

/* led DEV CODE VALUE: EV_LED plus SYN_REPORT, written to the device. Returns 0 or -errno. */
static int
cmd_led(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);
	char token[96];
	unsigned int type, code;
	int value, rc;

	(void)argc;
	if (!d)
		return -ENODEV;
	snprintf(token, sizeof(token), "LED:%s:%s", argv[2], argv[3]);
	if (vuinput_parse_event(token, &type, &code, &value) < 0) {
		reply_add(r, "bad LED code or value");
		return -EINVAL;
	}
	rc = libevdev_kernel_set_led_value(d->dev, code,
					   value ? LIBEVDEV_LED_ON : LIBEVDEV_LED_OFF);
	if (rc < 0) {
		reply_add(r, "writing the LED failed");
		return rc;
	}
	reply_add(r, " %s %u %d", d->tag, code, value ? 1 : 0);
	drain_now(a, d);
	return 0;
}

/* write DEV T:C:V...: raw events in one write(2). Returns 0 or -errno. */
static int
cmd_write(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);
	struct input_event *evs;
	size_t n = (size_t)argc - 2, i;
	ssize_t written;
	int rc = 0;

	if (!d)
		return -ENODEV;
	evs = calloc(n, sizeof(*evs));
	if (!evs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		unsigned int type, code;
		int value;

		if (vuinput_parse_event(argv[i + 2], &type, &code, &value) < 0) {
			reply_add(r, "bad event");
			reply_add_token(r, argv[i + 2]);
			rc = -EINVAL;
			goto out;
		}
		evs[i].type = (unsigned short)type;
		evs[i].code = (unsigned short)code;
		evs[i].value = value;
	}
	written = write(d->fd, evs, n * sizeof(*evs));
	if (written < 0) {
		rc = -errno;
		reply_add(r, "write failed");
		goto out;
	}
	if ((size_t)written != n * sizeof(*evs)) {
		rc = -EIO;
		reply_add(r, "short write of %zd bytes", written);
		goto out;
	}
	reply_add(r, " %s %zu", d->tag, n);
	drain_now(a, d);

out:
	free(evs);
	return rc;
}

/* rep DEV DELAY PERIOD: sets autorepeat (0 0 turns it off). Returns 0 or -errno. */
static int
cmd_rep(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);
	unsigned int rep[2];
	char *end1, *end2;

	(void)argc;
	if (!d)
		return -ENODEV;
	rep[0] = (unsigned int)strtoul(argv[2], &end1, 0);
	rep[1] = (unsigned int)strtoul(argv[3], &end2, 0);
	if (*end1 || *end2) {
		reply_add(r, "bad delay or period");
		return -EINVAL;
	}
	if (ioctl(d->fd, EVIOCSREP, rep) < 0) {
		reply_add(r, "EVIOCSREP failed");
		return -errno;
	}
	reply_add(r, " %s %u %u", d->tag, rep[0], rep[1]);
	drain_now(a, d);
	return 0;
}

/* grab DEV 1|0: grabs or releases the agent's own reader. Returns 0 or -errno. */
static int
cmd_grab(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);
	bool grab = strcmp(argv[2], "0") != 0;
	int rc;

	(void)argc;
	if (!d)
		return -ENODEV;
	rc = dump_device_grab(d, grab);
	if (rc < 0) {
		reply_add(r, "EVIOCGRAB failed");
		return rc;
	}
	reply_add(r, " %s %d", d->tag, grab ? 1 : 0);
	return 0;
}

/* trygrab DEV: a second open file tries EVIOCGRAB and reports the result
 * (0 or an errno name) as success. Returns 0, or -errno if it cannot open. */
static int
cmd_trygrab(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);
	int fd, rc;

	(void)argc;
	if (!d)
		return -ENODEV;
	fd = open(d->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		reply_add(r, "open failed");
		return -errno;
	}
	rc = ioctl(fd, EVIOCGRAB, (void *)1) < 0 ? errno : 0;
	if (rc == 0)
		ioctl(fd, EVIOCGRAB, (void *)0);
	close(fd);
	reply_add(r, " %s ", d->tag);
	if (rc == 0)
		reply_add(r, "0");
	else
		reply_add(r, "%s", strerrorname_np(rc) ? strerrorname_np(rc) : "?");
	return 0;
}

/* pause DEV / resume DEV: stops or restarts reading, so the kernel queue can
 * overflow on purpose. Returns 0 or -ENODEV. */
static int
cmd_pause(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);

	(void)argc;
	if (!d)
		return -ENODEV;
	d->paused = strcmp(argv[0], "pause") == 0;
	reply_add(r, " %s", d->tag);
	/* Resuming prints what queued up meanwhile, SYN_DROPPED included. */
	drain_now(a, d);
	return 0;
}

/* facts DEV: prints the device's fact block again, with libevdev's current state.
 * Returns 0, -ENODEV, or the -errno of renewing libevdev's handle in raw mode. */
static int
cmd_facts(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);
	int rc;

	(void)argc;
	if (!d)
		return -ENODEV;
	/* Events already queued belong before the new facts. */
	dump_device_drain(a->out, d);
	/* libevdev read none of the raw events: let it read the state afresh. */
	if (d->raw) {
		rc = dump_device_renew(d);
		if (rc < 0) {
			reply_add(r, "libevdev cannot read the device again");
			return rc;
		}
	}
	dump_print_facts(a->out, d);
	reply_add(r, " %s", d->tag);
	return 0;
}

/* Prints what is queued for d, unless it is paused. A device found gone is
 * closed (and freed). Returns 0, or the -errno that ended reading. */
static int
drain_before(struct agent *a, struct reply *r, struct dump_device *d)
{
	int rc;

	if (d->paused)
		return 0;
	rc = dump_device_drain(a->out, d);
	if (rc < 0) {
		reply_add(r, "reading %s failed", d->tag);
		agent_close_device(a, d, -rc);
	}
	return rc;
}

/* raw DEV 1|0: reads the device with read(2) and prints events as the kernel
 * gives them, or goes back to libevdev. What is queued is printed first, in the
 * old mode. Returns 0, or -errno. */
static int
cmd_raw(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);
	bool raw = strcmp(argv[2], "1") == 0;
	int rc;

	(void)argc;
	if (!d)
		return -ENODEV;
	if (!raw && strcmp(argv[2], "0") != 0) {
		reply_add(r, "want 1 or 0");
		return -EINVAL;
	}
	rc = drain_before(a, r, d);
	if (rc < 0)
		return rc;
	rc = dump_device_set_raw(d, raw);
	if (rc < 0) {
		reply_add(r, "libevdev cannot read the device again");
		return rc;
	}
	reply_add(r, " %s %d", d->tag, raw ? 1 : 0);
	return 0;
}

/* state DEV: prints the kernel's current state of the device, read with
 * ioctls, after what is queued. Returns 0, or -errno. */
static int
cmd_state(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct dump_device *d = need_device(a, r, argv[1]);
	int rc;

	(void)argc;
	if (!d)
		return -ENODEV;
	/* EVIOCGKEY, EVIOCGSW and EVIOCGLED drop queued events of their type. */
	rc = drain_before(a, r, d);
	if (rc < 0)
		return rc;
	rc = dump_print_state(a->out, d);
	if (rc < 0) {
		reply_add(r, "reading the state of %s failed", d->tag);
		return rc;
	}
	reply_add(r, " %s", d->tag);
	return 0;
}

/* uinput create ID CAPS... / inject ID T:C:V... / destroy ID. Returns 0 or -errno. */
static int
cmd_uinput(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct agent_uinput *slot = find_uinput(a, argv[2]);
	char err[256] = "";
	int rc;

	if (strcmp(argv[1], "create") == 0) {
		struct dump_device *d;
		const char *node, *base;
		size_t i;

		if (slot || strlen(argv[2]) >= sizeof(slot->id)) {
			reply_add(r, "uinput id in use or too long");
			return -EEXIST;
		}
		for (i = 0; i < AGENT_MAX_UINPUTS && a->uinputs[i].u; i++)
			;
		if (i == AGENT_MAX_UINPUTS) {
			reply_add(r, "too many uinput devices");
			return -ENOSPC;
		}
		slot = &a->uinputs[i];
		rc = vuinput_create(argc - 3, argv + 3, &slot->u, err, sizeof(err));
		if (rc < 0) {
			reply_add(r, "%s", err);
			return rc;
		}
		snprintf(slot->id, sizeof(slot->id), "%s", argv[2]);
		node = vuinput_devnode(slot->u);
		if (!node) {
			reply_add(r, "the kernel did not say which event node it made");
			return -ENOENT;
		}
		/* Read it right away, so its facts come before the OK. */
		base = strrchr(node, '/') ? strrchr(node, '/') + 1 : node;
		d = agent_find_device(a, base);
		if (!d)
			d = agent_open_device(a, node, base, &rc);
		if (!d) {
			reply_add(r, "cannot read %s", node);
			return rc;
		}
		reply_add(r, " create %s %s", slot->id, d->tag);
		return 0;
	}

	if (!slot) {
		reply_add(r, "no uinput device");
		reply_add_token(r, argv[2]);
		return -ENODEV;
	}
	if (strcmp(argv[1], "inject") == 0) {
		rc = vuinput_inject(slot->u, argc - 3, argv + 3, err, sizeof(err));
		if (rc < 0) {
			reply_add(r, "%s", err);
			return rc;
		}
		reply_add(r, " inject %s %d", slot->id, rc);
		drain_now(a, uinput_reader(a, slot));
		return 0;
	}
	if (strcmp(argv[1], "destroy") == 0) {
		struct dump_device *d = uinput_reader(a, slot);

		/* Print what it queued and its GONE before the OK. */
		if (d)
			agent_close_device(a, d, ENODEV);
		vuinput_destroy(slot->u);
		slot->u = NULL;
		reply_add(r, " destroy %s", slot->id);
		return 0;
	}
	reply_add(r, "want create, inject or destroy");
	return -EINVAL;
}

/* sleep MS: pauses everything, including reading. Returns 0 or -EINVAL. */
static int
cmd_sleep(struct agent *a, struct reply *r, int argc, char **argv)
{
	struct timespec ts;
	char *end;
	long ms = strtol(argv[1], &end, 10);

	(void)a;
	(void)argc;
	if (*end || ms < 0) {
		reply_add(r, "bad milliseconds");
		return -EINVAL;
	}
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	reply_add(r, " %ld", ms);
	return 0;
}

/* quit [CODE]: ends the agent after this command; init then powers off. Returns 0. */
static int
cmd_quit(struct agent *a, struct reply *r, int argc, char **argv)
{
	(void)r;
	a->quit = true;
	a->exit_code = argc > 1 ? atoi(argv[1]) : 0;
	return 0;
}

struct command {
	const char *verb;
	int min_args;	/* not counting the verb */
	int max_args;	/* -1: no limit */
	int (*run)(struct agent *a, struct reply *r, int argc, char **argv);
	const char *usage;
};

static const struct command commands[] = {
	{ "echo", 0, -1, cmd_echo, "echo ARGS..." },
	{ "led", 3, 3, cmd_led, "led DEV CODE VALUE" },
	{ "write", 2, -1, cmd_write, "write DEV TYPE:CODE:VALUE..." },
	{ "rep", 3, 3, cmd_rep, "rep DEV DELAY PERIOD" },
	{ "grab", 2, 2, cmd_grab, "grab DEV 1|0" },
	{ "trygrab", 1, 1, cmd_trygrab, "trygrab DEV" },
	{ "pause", 1, 1, cmd_pause, "pause DEV" },
	{ "resume", 1, 1, cmd_pause, "resume DEV" },
	{ "facts", 1, 1, cmd_facts, "facts DEV" },
	{ "raw", 2, 2, cmd_raw, "raw DEV 1|0" },
	{ "state", 1, 1, cmd_state, "state DEV" },
	{ "uinput", 2, -1, cmd_uinput, "uinput create|inject|destroy ID ..." },
	{ "sleep", 1, 1, cmd_sleep, "sleep MS" },
	{ "quit", 0, 1, cmd_quit, "quit [CODE]" },
};

/* Copies a leading #tag of line (printable, no escapes) into buf.
 * Returns buf, or "-" if the line has no usable tag. */
static const char *
copy_tag(const char *line, char *buf, size_t size)
{
	size_t n = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != '#')
		return "-";
	while (line[n] > 0x20 && line[n] < 0x7f && line[n] != '"' && line[n] != '\\') {
		if (n + 1 == size)
			return "-";
		buf[n] = line[n];
		n++;
	}
	if (line[n] != '\0' && line[n] != ' ' && line[n] != '\t')
		return "-";
	buf[n] = '\0';
	return buf;
}

void
agent_run_command(struct agent *a, char *line)
{
	char *argv[MAX_TOKENS];
	char tagbuf[32];
	const char *tag;
	const struct command *cmd = NULL;
	struct reply r = { .len = 0 };
	char **args = argv;
	int argc, nargs, rc;
	size_t i;

	r.text[0] = '\0';
	/* Keep the tag even if the rest does not parse, so the sender gets its reply. */
	tag = copy_tag(line, tagbuf, sizeof(tagbuf));
	argc = tokenize(line, argv, MAX_TOKENS);
	if (argc == 0)
		return;
	if (argc > 0 && argv[0][0] == '#') {
		args++;
		argc--;
	}
	if (argc < 0) {
		fprintf(a->out, "ERR %s - ", tag);
		dump_print_errno(a->out, -argc);
		fputs(" \"bad quoting or escape, or too many tokens\"\n", a->out);
		return;
	}
	if (argc == 0) {
		fprintf(a->out, "ERR %s - EINVAL \"no command\"\n", tag);
		return;
	}

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].verb, args[0]) == 0)
			cmd = &commands[i];
	if (!cmd) {
		snprintf(r.text, sizeof(r.text), "unknown command %s", args[0]);
		fprintf(a->out, "ERR %s - EINVAL ", tag);
		dump_print_quoted(a->out, r.text);
		fputc('\n', a->out);
		return;
	}
	nargs = argc - 1;
	if (nargs < cmd->min_args || (cmd->max_args >= 0 && nargs > cmd->max_args)) {
		fprintf(a->out, "ERR %s %s EINVAL \"usage: %s\"\n", tag, cmd->verb, cmd->usage);
		return;
	}

	rc = cmd->run(a, &r, argc, args);
	if (rc == 0) {
		fprintf(a->out, "OK %s %s%s\n", tag, cmd->verb, r.text);
	} else {
		fprintf(a->out, "ERR %s %s ", tag, cmd->verb);
		dump_print_errno(a->out, -rc);
		fputc(' ', a->out);
		dump_print_quoted(a->out, r.text);
		fputc('\n', a->out);
	}
}

void
agent_destroy_uinputs(struct agent *a)
{
	size_t i;

	for (i = 0; i < AGENT_MAX_UINPUTS; i++) {
		vuinput_destroy(a->uinputs[i].u);
		a->uinputs[i].u = NULL;
	}
}
