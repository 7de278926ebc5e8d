/* device_epoll.h: the device's epoll set and the running-state bookkeeping shared by device.c and pump.c. */
#pragma once

#include <stdint.h>

#include "device.h"

/* What an epoll event is about. */
enum device_tag {
	TAG_WAKE = 1,
	TAG_SOCKET,
	TAG_EVDEV,
	TAG_KICK_EVENTQ,
	TAG_KICK_STATUSQ,
};

/** Watches fd for events, tagged. Returns 0 or -errno. */
int device_epoll_add(struct vdi_device *d, int fd, enum device_tag tag, uint32_t events);

/** Stops watching fd. */
void device_epoll_del(struct vdi_device *d, int fd);

/**
 * Re-evaluates whether the event ring runs. When it starts, pending host
 * input is read and discarded, so nothing from before is ever delivered;
 * when it stops, the backlog is dropped.
 */
void device_update_running(struct vdi_device *d);
