/* names.h: evdev names (EV_KEY, KEY_A, INPUT_PROP_DIRECT, BUS_USB) to numbers and back. */
#pragma once

/* Classes of names that are not event codes; event codes use their EV_* type. */
#define NAMES_TYPE 0x100
#define NAMES_PROP 0x101
#define NAMES_BUS 0x102
#define NAMES_NONE 0x1ff /* numbers only */

/**
 * Finds a name of the given class: NAMES_TYPE, NAMES_PROP, NAMES_BUS, or an
 * event type for its codes (EV_KEY finds KEY_* and BTN_*).
 *
 * @return the value, or -1 if the name is unknown in that class
 */
int names_lookup(unsigned int class, const char *name);

/**
 * Parses a name of the given class, or a number (decimal, 0x hex or 0 octal).
 *
 * @return 0 with *out set, or -EINVAL
 */
int names_parse(unsigned int class, const char *text, long *out);

/**
 * @return the first name defined for value in class, or NULL; static storage
 */
const char *names_find(unsigned int class, unsigned int value);
