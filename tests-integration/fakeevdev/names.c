/* names.c: lookups in the name table generated from the kernel's input headers. */
#include "names.h"

#include <errno.h>
#include <linux/input.h>
#include <stdlib.h>
#include <string.h>

struct name_entry {
	unsigned int class;
	const char *name;
	unsigned int value;
};

static const struct name_entry names[] = {
#include "event_names.h"
};

int
names_lookup(unsigned int class, const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].class == class && strcmp(names[i].name, name) == 0)
			return (int)names[i].value;
	}
	return -1;
}

int
names_parse(unsigned int class, const char *text, long *out)
{
	char *end;
	long v;

	if (*text == '\0')
		return -EINVAL;
	errno = 0;
	v = strtol(text, &end, 0);
	if (*end == '\0' && errno == 0) {
		*out = v;
		return 0;
	}
	v = names_lookup(class, text);
	if (v < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

const char *
names_find(unsigned int class, unsigned int value)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].class == class && names[i].value == value)
			return names[i].name;
	}
	return NULL;
}
