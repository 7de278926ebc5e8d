/* registry.h: which device is eventN now, plugging and unplugging, and unplugged devices still open. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "device.h"

#define REGISTRY_MAX_DEVICES 64
#define REGISTRY_ROOT_INO 1

/**
 * Sets the queue size of devices plugged from now on (0: as the kernel sizes it).
 *
 * @return nothing
 */
void registry_set_bufsize(unsigned int bufsize);

/**
 * Plugs a device made from definition text into slot index, which must be
 * unplugged, or into a new slot if index is FEV_DEVICE_NEW. An empty text
 * reuses the slot's previous definition.
 *
 * @return 0 with *index_out set; -EBUSY if the slot holds a present device;
 * -ENOSPC if no slot is left; -ENOENT if index is neither a used slot nor
 * FEV_DEVICE_NEW; -EINVAL with a message in err for a bad definition; or -ENOMEM
 */
int registry_plug(unsigned int index, const char *text, size_t len, unsigned int *index_out,
		  char *err, size_t errlen);

/**
 * Unplugs the device in slot index (see device_unplug()).
 *
 * @return 0, or -ENODEV if there is no present device there
 */
int registry_unplug(unsigned int index);

/**
 * @return the slot's latest device, present or unplugged but still open;
 * NULL if none
 */
struct device *registry_device(unsigned int index);

/** @return how often slot index was plugged, 0 for an unused slot */
unsigned int registry_plug_count(unsigned int index);

/** @return what clients wrote to slot index's devices; NULL for an unused slot */
struct write_log *registry_writes(unsigned int index);

/** @return the number of slots ever used: event0 to eventN-1 */
unsigned int registry_size(void);

/** @return the device, present or not, that owns inode ino; NULL if none */
struct device *registry_by_ino(fuse_ino_t ino);

/** @return the present device whose file is called name ("event3"); NULL if none */
struct device *registry_by_name(const char *name);

/**
 * Called after a client of d is detached: frees d if it is unplugged and
 * nobody has it open any more.
 *
 * @return nothing
 */
void registry_client_closed(struct device *d);

/**
 * Frees every device and definition, at exit.
 *
 * @return nothing
 */
void registry_clear(void);
