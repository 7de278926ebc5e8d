/* client.h: one open file of a device: its event queue (like evdev's), parked reads and poll. */
#pragma once

#include <linux/input.h>
#include <stdbool.h>
#include <sys/types.h>

#include "device.h"

enum client_clock { CLIENT_CLOCK_REAL, CLIENT_CLOCK_MONO, CLIENT_CLOCK_BOOT, CLIENT_CLOCK_COUNT };

struct pending_read;

struct client {
	struct device *device;
	struct client *next; /* in device->clients */
	pid_t pid;           /* process that opened the file */

	/* A ring of bufsize (a power of two) events. Events before packet_head
	 * form complete packets and may be read. */
	struct input_event *buffer;
	unsigned int bufsize;
	unsigned int head;
	unsigned int tail;
	unsigned int packet_head;
	enum client_clock clock;
	bool revoked;
	uint32_t syn_dropped;

	struct pending_read *reads; /* blocking reads waiting for a packet, oldest first */
	struct fuse_pollhandle *ph;
	bool poll_armed; /* the kernel polled since our last notification */
};

/**
 * Creates a client with a queue of bufsize events (a power of two).
 *
 * @return the client (owned by the caller, freed with client_free()), or NULL
 */
struct client *client_new(struct device *device, pid_t pid, unsigned int bufsize);

/**
 * Frees a client that is no longer attached, failing its parked reads with ENODEV.
 *
 * @return nothing
 */
void client_free(struct client *c);

/** @return the number of events in the queue, complete packets or not */
unsigned int client_queued(const struct client *c);

/** @return whether a complete packet waits to be read */
bool client_has_packet(const struct client *c);

/** @return whether reads fail with ENODEV: revoked, or the device is unplugged */
bool client_is_dead(const struct client *c);

/**
 * Appends an event like evdev's __pass_event(): on overflow everything
 * unread is dropped, leaving SYN_DROPPED and the newest event.
 *
 * @return nothing
 */
void client_pass_event(struct client *c, const struct input_event *ev);

/**
 * Queues SYN_DROPPED. If visible, it is readable at once, else only after
 * the next SYN_REPORT, as in evdev's __evdev_queue_syn_dropped().
 *
 * @return nothing
 */
void client_queue_syn_dropped(struct client *c, bool visible);

/**
 * Discards every queued event, then queues a readable SYN_DROPPED: what a
 * reader sees after losing events it cannot know.
 *
 * @return nothing
 */
void client_force_drop(struct client *c);

/**
 * Removes queued events of one type, as EVIOCGKEY and friends do
 * (__evdev_flush_queue()), so the state read and the queue agree.
 *
 * @return nothing
 */
void client_flush_type(struct client *c, unsigned int type);

/**
 * Moves up to max events of complete packets to out.
 *
 * @return the number moved
 */
unsigned int client_fetch(struct client *c, struct input_event *out, unsigned int max);

/**
 * Answers parked reads that can be answered now and notifies a poller.
 *
 * @return nothing
 */
void client_wakeup(struct client *c);

/**
 * Parks a blocking read of size bytes until a packet arrives, the client
 * dies or the reader is interrupted (answered EINTR).
 *
 * @return 0; or -EINTR or -ENOMEM, and the caller answers the request
 */
int client_park_read(struct client *c, fuse_req_t req, size_t size);

/**
 * Keeps a new poll handle (which the client then owns), replacing the old one.
 *
 * @return nothing
 */
void client_set_poll_handle(struct client *c, struct fuse_pollhandle *ph);

/** @return the poll mask as evdev_poll() computes it */
unsigned int client_poll_mask(const struct client *c);

/**
 * EVIOCSCLOCKID: switching clocks flushes the queue and leaves SYN_DROPPED.
 *
 * @return 0, or -EINVAL for a clock evdev does not offer
 */
int client_set_clock(struct client *c, int clockid);
