/* definition.h: the text format that describes a device (see tests-integration/README.md). */
#pragma once

#include <stddef.h>

#include "caps.h"

/**
 * Parses a definition into caps, which the caller has set up with
 * caps_init() and releases with caps_release() whatever the result.
 *
 * @return 0; or -EINVAL with a message naming the line in err (errlen bytes,
 * NUL-terminated); or -ENOMEM
 */
int definition_parse(const char *text, size_t len, struct device_caps *caps, char *err,
		     size_t errlen);
