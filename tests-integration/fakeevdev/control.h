/* control.h: the control socket server (protocol.h): inject, drop, status, writes, unplug, plug. */
#pragma once

#include <stdbool.h>

/**
 * Listens on a Unix socket at path. The socket is bound under a temporary
 * name and renamed into place once it listens, so its appearance means
 * the fixture is ready.
 *
 * @return 0 or -errno
 */
int control_listen(const char *path, bool lossless);

/**
 * Closes every connection and the listening socket, and removes its file.
 *
 * @return nothing
 */
void control_close(void);

/**
 * Resumes requests that waited (--lossless) for readers to make room.
 * Called after every round of the loop.
 *
 * @return nothing
 */
void control_resume(void);

/** @return how long the loop may sleep before control_resume() must run, or -1 */
int control_timeout_ms(void);
