/* agent.h: the guest agent's state, shared by its main loop (agent.c) and its commands (commands.c). */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "evdump.h"
#include "vuinput.h"

#define AGENT_MAX_DEVICES 64
#define AGENT_MAX_UINPUTS 16

struct agent_uinput {
	char id[32];
	struct vuinput *u;
};

struct agent {
	FILE *out;			/* every line the agent prints */
	bool grab_all;			/* grab each device as it is opened */
	struct dump_device *devices[AGENT_MAX_DEVICES];
	struct agent_uinput uinputs[AGENT_MAX_UINPUTS];
	bool opened_any;
	unsigned long closed_events;	/* event lines of devices already closed */
	bool quit;			/* set by the quit command */
	int exit_code;
};

/**
 * Opens path as device tag, prints its facts and starts reading it (grabbed
 * if grab_all). An open failure is printed as an ERR line.
 *
 * @return the device, owned by a; or NULL with the -errno in *rc.
 */
struct dump_device *agent_open_device(struct agent *a, const char *path, const char *tag, int *rc);

/**
 * Finds an open device by tag ("event3") or, failing that, by device name.
 *
 * @return the device, owned by a, or NULL.
 */
struct dump_device *agent_find_device(struct agent *a, const char *selector);

/** Prints any events still queued, then a GONE line, and closes d. */
void agent_close_device(struct agent *a, struct dump_device *d, int reason);

/**
 * Runs one command line (its reply is an OK or ERR line). The line is
 * modified in place.
 */
void agent_run_command(struct agent *a, char *line);

/**
 * Replaces \xHH escapes in s in place.
 *
 * @return 0, or -EINVAL for a malformed escape or an escaped NUL.
 */
int agent_unescape(char *s);

/** Destroys every uinput device the commands created. */
void agent_destroy_uinputs(struct agent *a);
