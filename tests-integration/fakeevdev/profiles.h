/* profiles.h: the built-in devices (keyboard, mouse, tablet, multitouch), written as definitions. */
#pragma once

/**
 * @return the definition text of the named profile, or NULL if there is none;
 * static storage
 */
const char *profile_definition(const char *name);

/**
 * @return the profile names, NULL-terminated; static storage
 */
const char *const *profile_names(void);
