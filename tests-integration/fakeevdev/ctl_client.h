/* ctl_client.h: a blocking C client of the fakeevdev control protocol, for tests and fakeevdev-ctl. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "protocol.h"

struct fev_ctl;

/**
 * Connects to the control socket at path. Replies that take longer than 30 s
 * fail with -EAGAIN.
 *
 * @return 0 with *out set (freed with fev_ctl_close()), or -errno
 */
int fev_ctl_connect(const char *path, struct fev_ctl **out);

/** @return nothing; closes the connection and frees ctl (NULL is fine) */
void fev_ctl_close(struct fev_ctl *ctl);

/** @return the fixture's message for the last failed request, "" if none; owned by ctl */
const char *fev_ctl_error(const struct fev_ctl *ctl);

/**
 * Sends one request and reads its reply. On success the reply payload, if
 * any, is returned in *reply (malloc'd, the caller frees it) and *reply_len.
 *
 * @return the fixture's status (0 or -errno); -EPROTO for a malformed
 * reply; or -errno if the connection failed
 */
int fev_ctl_request(struct fev_ctl *ctl, uint16_t op, uint16_t device, const void *payload,
		    size_t len, uint8_t **reply, size_t *reply_len);

/** @return 0 once n events were handled like a driver's, or -errno (FEV_OP_INJECT) */
int fev_ctl_inject(struct fev_ctl *ctl, unsigned int device, const struct fev_event *events,
		   size_t n);

/** @return 0 once every reader sees SYN_DROPPED next, or -errno (FEV_OP_DROP) */
int fev_ctl_drop(struct fev_ctl *ctl, unsigned int device);

/**
 * Queries a slot; fills up to max_clients entries of clients (may be NULL).
 *
 * @return 0, or -errno (FEV_OP_STATUS)
 */
int fev_ctl_status(struct fev_ctl *ctl, unsigned int device, struct fev_status *status,
		   struct fev_client_status *clients, size_t max_clients);

/**
 * Takes the events clients wrote since the last call.
 *
 * @return 0 with *events (malloc'd, the caller frees it; NULL if none) and
 * *n set, or -errno (FEV_OP_TAKE_WRITES)
 */
int fev_ctl_take_writes(struct fev_ctl *ctl, unsigned int device, struct fev_event **events,
			size_t *n);

/** @return 0 once the file is gone and open files read ENODEV, or -errno (FEV_OP_UNPLUG) */
int fev_ctl_unplug(struct fev_ctl *ctl, unsigned int device);

/**
 * Plugs device (an unplugged slot, or FEV_DEVICE_NEW) made from definition
 * text, or from its previous definition if definition is NULL.
 *
 * @return 0 with *index (may be NULL) set, or -errno (FEV_OP_PLUG)
 */
int fev_ctl_plug(struct fev_ctl *ctl, unsigned int device, const char *definition,
		 unsigned int *index);
