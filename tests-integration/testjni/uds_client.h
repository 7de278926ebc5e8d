/* uds_client.h: the front-end's end of a vhost-user socket, for tests: connect to a back-end. */
#pragma once

/**
 * Connects to the Unix socket at path, as a front-end does.
 *
 * @return the connected fd (blocking, close-on-exec), owned by the caller;
 * -ENAMETOOLONG if path is empty or does not fit sockaddr_un; or another -errno.
 */
int uds_connect(const char *path);
