/* device.h: a plugged device: capabilities, input state, open clients, grab, recorded writes. */
#pragma once

#define FUSE_USE_VERSION 35

#include <fuse_lowlevel.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "caps.h"
#include "protocol.h"

#define MT_FIRST ABS_MT_TOUCH_MAJOR
#define MT_LAST ABS_MT_TOOL_Y
#define MT_AXES (MT_LAST - MT_FIRST + 1)
/* Writes beyond this many, not yet taken, are counted but not kept. */
#define WRITE_LOG_MAX 65536

struct client;

/* What clients wrote to a slot's devices, kept across unplug and replug. */
struct write_log {
	struct fev_event *events; /* oldest first */
	unsigned int count;
	uint32_t lost;
};

/* An event on its way through the input core, before it gets a timestamp. */
struct input_value {
	uint16_t type;
	uint16_t code;
	int32_t value;
};

struct device {
	struct device_caps caps; /* absinfo values and rep change as events pass */
	unsigned int index;      /* N of eventN */
	fuse_ino_t ino;          /* new each plug: old open files keep the old device */
	bool present;            /* false once unplugged */

	/* The input core's state, queried by EVIOCGKEY/LED/SND/SW and EVIOCGMTSLOTS. */
	unsigned long key_state[NLONGS(KEY_CNT)];
	unsigned long led_state[NLONGS(LED_CNT)];
	unsigned long snd_state[NLONGS(SND_CNT)];
	unsigned long sw_state[NLONGS(SW_CNT)];
	int mt_slot;
	int mt_values[CAPS_MAX_SLOTS][MT_AXES];

	/* The frame being built, passed to clients at SYN_REPORT (input_pass_values). */
	struct input_value *vals;
	unsigned int num_vals;
	unsigned int max_vals;
	unsigned int bufsize; /* events per client queue */

	struct client *clients;
	unsigned int nclients;
	struct client *grab;
	pid_t grab_pid;

	struct write_log *writes; /* the slot's, which outlives the device */

	struct device *next; /* in the registry's list of unplugged devices still open */
};

/**
 * Creates a present device from caps, whose strings it takes over (caps is
 * left empty). Its client queues hold bufsize events, or as many as the
 * kernel would give (evdev_compute_buffer_size()) if bufsize is 0. Client
 * writes go to writes, which the caller keeps alive longer than the device.
 *
 * @return 0 with *out set (owned by the caller, freed with device_free()), or -ENOMEM
 */
int device_new(struct device_caps *caps, unsigned int index, fuse_ino_t ino, unsigned int bufsize,
	       struct write_log *writes, struct device **out);

/**
 * Frees a device that has no clients left.
 *
 * @return nothing
 */
void device_free(struct device *d);

/**
 * Adds an open file's client.
 *
 * @return nothing
 */
void device_attach(struct device *d, struct client *c);

/**
 * Removes a client, releasing its grab. The client stays owned by the caller.
 *
 * @return nothing
 */
void device_detach(struct device *d, struct client *c);

/**
 * Unplugs the device like input_unregister_device(): drops the grab and wakes
 * every client, whose reads then fail with ENODEV and polls report
 * POLLERR|POLLHUP. Their queues are kept, as evdev keeps them.
 *
 * @return nothing
 */
void device_unplug(struct device *d);

/**
 * EVIOCGRAB for client c; pid is the calling process.
 *
 * @return 0, -EBUSY if another client holds the grab, or -EINVAL when
 * ungrabbing without holding it
 */
int device_grab(struct device *d, struct client *c, bool grab, pid_t pid);

/**
 * Records one event a client wrote, for FEV_OP_TAKE_WRITES.
 *
 * @return nothing; counts it as lost if the log is full
 */
void device_record_write(struct device *d, const struct fev_event *ev);

/**
 * Frees the events of a write log.
 *
 * @return nothing
 */
void write_log_clear(struct write_log *log);

/**
 * @return whether client c receives events now: the device's grab allows it
 * and it is not revoked
 */
bool device_delivers_to(const struct device *d, const struct client *c);
