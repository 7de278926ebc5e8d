/* ctl_tool.c: fakeevdev-ctl, the control protocol from a shell, for people poking at the fixture. */
#include <errno.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_client.h"
#include "names.h"
#include "profiles.h"

/* @return nothing; prints the commands */
static void
usage(void)
{
	fprintf(stderr,
		"usage: fakeevdev-ctl SOCKET COMMAND [ARGS]\n"
		"  hello                          protocol version and number of devices\n"
		"  inject N TYPE CODE VALUE ...   names or numbers, e.g.\n"
		"                                 inject 0 EV_KEY KEY_A 1 EV_SYN SYN_REPORT 0\n"
		"  drop N                         every reader of eventN sees SYN_DROPPED next\n"
		"  status N                       presence, grab, clients and their queues\n"
		"  writes N                       print and forget what clients wrote to eventN\n"
		"  unplug N                       remove eventN\n"
		"  plug N|new [PROFILE|FILE]      (re)plug eventN, or add a device; without a\n"
		"                                 profile or definition file, as it was before\n");
}

/* @return 0 with *out set to the device number in text ("new" for FEV_DEVICE_NEW), or -1 */
static int
parse_device(const char *text, unsigned int *out)
{
	char *end;
	unsigned long v;

	if (strcmp(text, "new") == 0) {
		*out = FEV_DEVICE_NEW;
		return 0;
	}
	v = strtoul(text, &end, 10);
	if (*text == '\0' || *end != '\0' || v >= FEV_DEVICE_NEW) {
		fprintf(stderr, "fakeevdev-ctl: '%s' is not a device number\n", text);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

/* @return a malloc'd definition for a profile name or file path, or NULL after saying why */
static char *
load_definition(const char *spec)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (profile_definition(spec)) {
		if (asprintf(&text, "profile %s\n", spec) < 0)
			return NULL;
		return text;
	}
	f = fopen(spec, "re");
	if (!f) {
		fprintf(stderr, "fakeevdev-ctl: %s: %s (and no profile has that name)\n", spec,
			strerror(errno));
		return NULL;
	}
	text = malloc(1 << 20);
	if (text) {
		len = fread(text, 1, (1 << 20) - 1, f);
		text[len] = '\0';
	}
	fclose(f);
	return text;
}

/* @return 0 after injecting the TYPE CODE VALUE triples in args, or -1 */
static int
inject(struct fev_ctl *ctl, unsigned int device, char **args, int nargs)
{
	struct fev_event *events;
	size_t n = nargs / 3;
	int rc = -1;

	if (nargs == 0 || nargs % 3) {
		fprintf(stderr, "fakeevdev-ctl: inject needs TYPE CODE VALUE triples\n");
		return -1;
	}
	events = calloc(n, sizeof(*events));
	if (!events)
		return -1;
	for (size_t i = 0; i < n; i++) {
		long type, code, value;
		char *end;

		value = strtol(args[3 * i + 2], &end, 0);
		if (names_parse(NAMES_TYPE, args[3 * i], &type) < 0 || type < 0 || type > EV_MAX ||
		    names_parse((unsigned int)type, args[3 * i + 1], &code) < 0 || code < 0 ||
		    code > 0xffff || *end != '\0') {
			fprintf(stderr, "fakeevdev-ctl: cannot read event '%s %s %s'\n",
				args[3 * i], args[3 * i + 1], args[3 * i + 2]);
			goto out;
		}
		events[i] = (struct fev_event){ (uint16_t)type, (uint16_t)code, (int32_t)value };
	}
	rc = fev_ctl_inject(ctl, device, events, n);
out:
	free(events);
	return rc;
}

/* @return 0 after printing a slot's status, or -errno */
static int
print_status(struct fev_ctl *ctl, unsigned int device)
{
	struct fev_client_status clients[64];
	struct fev_status st;
	int rc = fev_ctl_status(ctl, device, &st, clients, 64);

	if (rc < 0)
		return rc;
	printf("event%u present=%u plugs=%u grab_pid=%d clients=%u bufsize=%u writes=%u lost=%u\n",
	       device, st.present, st.plug_count, st.grab_pid, st.clients, st.bufsize, st.writes,
	       st.writes_lost);
	for (uint32_t i = 0; i < st.clients && i < 64; i++)
		printf("  pid=%d queued=%u syn_dropped=%u%s%s\n", clients[i].pid, clients[i].queued,
		       clients[i].syn_dropped, clients[i].flags & FEV_CLIENT_GRAB ? " grab" : "",
		       clients[i].flags & FEV_CLIENT_REVOKED ? " revoked" : "");
	return 0;
}

/* @return 0 after printing and forgetting a slot's recorded writes, or -errno */
static int
print_writes(struct fev_ctl *ctl, unsigned int device)
{
	struct fev_event *events;
	size_t n;
	int rc = fev_ctl_take_writes(ctl, device, &events, &n);

	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *type = names_find(NAMES_TYPE, events[i].type);
		const char *code = names_find(events[i].type, events[i].code);

		if (type && code)
			printf("%s %s %d\n", type, code, events[i].value);
		else
			printf("%u %u %d\n", events[i].type, events[i].code, events[i].value);
	}
	free(events);
	return 0;
}

int
main(int argc, char **argv)
{
	struct fev_ctl *ctl = NULL;
	unsigned int device = 0;
	const char *cmd;
	int rc;

	if (argc < 3 || strcmp(argv[1], "--help") == 0) {
		usage();
		return 2;
	}
	cmd = argv[2];
	if (strcmp(cmd, "hello") != 0 && (argc < 4 || parse_device(argv[3], &device) < 0)) {
		usage();
		return 2;
	}
	rc = fev_ctl_connect(argv[1], &ctl);
	if (rc < 0) {
		fprintf(stderr, "fakeevdev-ctl: %s: %s\n", argv[1], strerror(-rc));
		return 1;
	}
	if (strcmp(cmd, "hello") == 0) {
		uint8_t *body;
		size_t len;

		rc = fev_ctl_request(ctl, FEV_OP_HELLO, 0, NULL, 0, &body, &len);
		if (rc == 0 && len == 8)
			printf("protocol %u, %u devices\n", fev_get32(body), fev_get32(body + 4));
		if (rc == 0)
			free(body);
	} else if (strcmp(cmd, "inject") == 0) {
		rc = inject(ctl, device, argv + 4, argc - 4);
	} else if (strcmp(cmd, "drop") == 0) {
		rc = fev_ctl_drop(ctl, device);
	} else if (strcmp(cmd, "status") == 0) {
		rc = print_status(ctl, device);
	} else if (strcmp(cmd, "writes") == 0) {
		rc = print_writes(ctl, device);
	} else if (strcmp(cmd, "unplug") == 0) {
		rc = fev_ctl_unplug(ctl, device);
	} else if (strcmp(cmd, "plug") == 0) {
		char *text = argc > 4 ? load_definition(argv[4]) : NULL;
		unsigned int index;

		if (argc > 4 && !text) {
			rc = -1;
		} else {
			rc = fev_ctl_plug(ctl, device, text, &index);
			if (rc == 0)
				printf("event%u\n", index);
		}
		free(text);
	} else {
		usage();
		rc = -1;
	}
	if (rc < -1 || (rc < 0 && fev_ctl_error(ctl)[0]))
		fprintf(stderr, "fakeevdev-ctl: %s: %s\n", cmd,
			fev_ctl_error(ctl)[0] ? fev_ctl_error(ctl) : strerror(-rc));
	fev_ctl_close(ctl);
	return rc < 0 ? 1 : 0;
}
