/* profiles.c: the built-in devices, kept as definition text so they double as format examples. */
#include "profiles.h"

#include <stddef.h>
#include <string.h>

struct profile {
	const char *name;
	const char *definition;
};

/* X and Y ranges differ on purpose, so a swapped axis shows in tests. */
static const struct profile profiles[] = {
	{ "keyboard",
	  "name \"fakeevdev keyboard\"\n"
	  "uniq fakeevdev-keyboard\n"
	  "id bustype=BUS_VIRTUAL vendor=0xfeed product=0x0001 version=0x0001\n"
	  "key KEY_ESC-KEY_MICMUTE\n"
	  "msc MSC_SCAN\n"
	  "led LED_NUML LED_CAPSL LED_SCROLLL LED_COMPOSE LED_KANA\n"
	  "rep delay=250 period=33\n" },
	{ "mouse",
	  "name \"fakeevdev mouse\"\n"
	  "id bustype=BUS_VIRTUAL vendor=0xfeed product=0x0002 version=0x0001\n"
	  "prop INPUT_PROP_POINTER\n"
	  "key BTN_LEFT BTN_RIGHT BTN_MIDDLE BTN_SIDE BTN_EXTRA\n"
	  "rel REL_X REL_Y REL_WHEEL REL_HWHEEL\n" },
	{ "tablet",
	  "name \"fakeevdev tablet\"\n"
	  "id bustype=BUS_VIRTUAL vendor=0xfeed product=0x0003 version=0x0001\n"
	  "prop INPUT_PROP_DIRECT\n"
	  "key BTN_LEFT BTN_RIGHT BTN_MIDDLE BTN_TOUCH\n"
	  "abs ABS_X min=0 max=32767 res=128\n"
	  "abs ABS_Y min=0 max=16383 res=128\n" },
	{ "multitouch",
	  "name \"fakeevdev touchscreen\"\n"
	  "id bustype=BUS_VIRTUAL vendor=0xfeed product=0x0004 version=0x0001\n"
	  "prop INPUT_PROP_DIRECT\n"
	  "key BTN_TOUCH\n"
	  "abs ABS_X min=0 max=32767 res=128\n"
	  "abs ABS_Y min=0 max=16383 res=128\n"
	  "abs ABS_MT_SLOT min=0 max=9\n"
	  "abs ABS_MT_TRACKING_ID min=0 max=65535\n"
	  "abs ABS_MT_POSITION_X min=0 max=32767 res=128\n"
	  "abs ABS_MT_POSITION_Y min=0 max=16383 res=128\n" },
};

static const char *const names[] = { "keyboard", "mouse", "tablet", "multitouch", NULL };

const char *
profile_definition(const char *name)
{
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		if (strcmp(profiles[i].name, name) == 0)
			return profiles[i].definition;
	}
	return NULL;
}

const char *const *
profile_names(void)
{
	return names;
}
