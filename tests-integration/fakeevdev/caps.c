/* caps.c: an empty device description, and access to its per-type code bitmaps. */
#include "caps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
caps_init(struct device_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	bit_set(caps->ev, EV_SYN);
	caps->id.bustype = BUS_VIRTUAL;
}

void
caps_release(struct device_caps *caps)
{
	free(caps->name);
	free(caps->phys);
	free(caps->uniq);
	caps->name = caps->phys = caps->uniq = NULL;
}

unsigned long *
caps_codes(struct device_caps *caps, unsigned int type, unsigned int *max)
{
	switch (type) {
	case EV_KEY:
		*max = KEY_MAX;
		return caps->key;
	case EV_REL:
		*max = REL_MAX;
		return caps->rel;
	case EV_ABS:
		*max = ABS_MAX;
		return caps->abs;
	case EV_MSC:
		*max = MSC_MAX;
		return caps->msc;
	case EV_LED:
		*max = LED_MAX;
		return caps->led;
	case EV_SND:
		*max = SND_MAX;
		return caps->snd;
	case EV_FF:
		*max = FF_MAX;
		return caps->ff;
	case EV_SW:
		*max = SW_MAX;
		return caps->sw;
	default:
		return NULL;
	}
}

int
caps_set_string(char **field, const char *value, size_t len)
{
	char *copy;

	if (len > CAPS_MAX_STRING || memchr(value, '\0', len))
		return -EINVAL;
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, value, len);
	copy[len] = '\0';
	free(*field);
	*field = copy;
	return 0;
}
