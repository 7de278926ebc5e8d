/* vuinput.h: uinput devices made from a one-line capability description, and event injection. */
#pragma once

#include <stddef.h>

struct vuinput;

/**
 * Creates a uinput device from key=value tokens:
 *   name=STR phys=STR bus=N vendor=N product=N version=N props=P,P...
 *   TYPE=C,C,A-B...            codes of one type (KEY=30,KEY_B,1-10; REL=0,1; LED=0)
 *   abs=C:MIN:MAX[:FUZZ[:FLAT[:RES]]]   one axis (repeat for more); ABS_MT_SLOT max sets slots
 *   rep=DELAY:PERIOD
 * Numbers may be decimal or 0x hex; types, codes and properties may also be
 * libevdev names (EV_KEY or KEY, KEY_A, INPUT_PROP_POINTER).
 *
 * @return 0 and a new device in *out, owned by the caller (free with
 * vuinput_destroy()); -EINVAL with a message in err for a bad description; or
 * the -errno of opening /dev/uinput or creating the device.
 */
int vuinput_create(int argc, char **argv, struct vuinput **out, char *err, size_t errlen);

/**
 * The device node of a created device, e.g. /dev/input/event5.
 *
 * @return a string owned by the device, or NULL if the kernel did not say.
 */
const char *vuinput_devnode(const struct vuinput *u);

/**
 * Writes events given as TYPE:CODE:VALUE tokens (names allowed for type and
 * code), in order, without adding a SYN_REPORT of its own.
 *
 * @return the number of events written; -EINVAL with a message in err for a
 * bad token (nothing is written then); or the -errno of a failed write, after
 * the events before it were written.
 */
int vuinput_inject(struct vuinput *u, int argc, char **argv, char *err, size_t errlen);

/** Destroys the kernel device and frees u. Accepts NULL. */
void vuinput_destroy(struct vuinput *u);

/**
 * Parses "TYPE:CODE:VALUE", where TYPE and CODE may be numbers or libevdev names.
 *
 * @return 0, or -EINVAL.
 */
int vuinput_parse_event(const char *token, unsigned int *type, unsigned int *code, int *value);
