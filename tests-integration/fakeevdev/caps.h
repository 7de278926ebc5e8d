/* caps.h: what a device is: strings, ids, properties, event codes, axes, repeat, MT slots. */
#pragma once

#include <linux/input.h>

#include "bits.h"

/* Longer strings are refused; EVIOCGNAME sizes stop at 16383 anyway. */
#define CAPS_MAX_STRING 4096
#define CAPS_MAX_SLOTS 64

struct device_caps {
	char *name; /* NULL: EVIOCGNAME fails with ENOENT, as for a kernel device without one */
	char *phys;
	char *uniq;
	struct input_id id;
	unsigned long props[NLONGS(INPUT_PROP_CNT)];
	unsigned long ev[NLONGS(EV_CNT)];
	unsigned long key[NLONGS(KEY_CNT)];
	unsigned long rel[NLONGS(REL_CNT)];
	unsigned long abs[NLONGS(ABS_CNT)];
	unsigned long msc[NLONGS(MSC_CNT)];
	unsigned long led[NLONGS(LED_CNT)];
	unsigned long snd[NLONGS(SND_CNT)];
	unsigned long ff[NLONGS(FF_CNT)];
	unsigned long sw[NLONGS(SW_CNT)];
	struct input_absinfo absinfo[ABS_CNT];
	int rep[REP_CNT];
	unsigned int mt_slots; /* from ABS_MT_SLOT's range; 0 without it */
};

/**
 * Sets caps to an empty device: only EV_SYN, BUS_VIRTUAL, no strings.
 *
 * @return nothing
 */
void caps_init(struct device_caps *caps);

/**
 * Frees the strings caps owns; caps may be reused after caps_init().
 *
 * @return nothing
 */
void caps_release(struct device_caps *caps);

/**
 * Looks up the code bitmap of an event type, as EVIOCGBIT answers it.
 *
 * @return the bitmap inside caps with *max set to the type's highest code,
 * or NULL if the type has no codes (EV_SYN, EV_REP, EV_PWR, ...)
 */
unsigned long *caps_codes(struct device_caps *caps, unsigned int type, unsigned int *max);

/**
 * Replaces one of caps' strings with a copy of the len bytes at value.
 *
 * @return 0, -EINVAL if value holds a NUL byte or is longer than
 * CAPS_MAX_STRING, or -ENOMEM
 */
int caps_set_string(char **field, const char *value, size_t len);
