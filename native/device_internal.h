/* device_internal.h: what device.c and pump.c share and nobody else uses: epoll tags and ring changes. */
#pragma once

#include <stdint.h>

#include "device.h"

/* What an epoll event is about. */
enum device_tag {
	TAG_WAKE = 1,
	TAG_SOCKET,
	TAG_SOURCE,
	TAG_KICK_EVENTQ,
	TAG_KICK_STATUSQ,
};

/** Watches fd for events, tagged (device.c). Returns 0 or -errno. */
int device_epoll_add(struct vdi_device *d, int fd, enum device_tag tag, uint32_t events);

/** Stops watching fd (device.c). */
void device_epoll_del(struct vdi_device *d, int fd);

/**
 * Acts on a change of whether the event ring runs, which every request and
 * the pump may cause (pump.c). When it starts, input queued on the host is
 * discarded, and a guest that was running before (stop/cont, a restarted
 * ring) is resynced to the device's state; when it stops, what was queued
 * for the guest is dropped. Either way the next pump reports it.
 */
void device_observe_rings(struct vdi_device *d);
