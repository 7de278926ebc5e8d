/* ioctl.h: the evdev ioctls, answered from the device's capabilities and state. */
#pragma once

#include <stddef.h>

#include "client.h"

/* evshim.c re-encodes EVIOCGRAB and EVIOCREVOKE as these, so the kernel passes
 * the int argument through instead of reading it as a pointer. */
#define EVIOCGRAB_BY_VALUE _IO('E', _IOC_NR(EVIOCGRAB))
#define EVIOCREVOKE_BY_VALUE _IO('E', _IOC_NR(EVIOCREVOKE))

/**
 * Answers one ioctl on client c's file, as evdev_do_ioctl() would. arg is
 * the caller's argument (a pointer in the caller's memory, or a value);
 * in_buf holds what the kernel copied in for _IOW commands.
 *
 * @return nothing; req is always answered
 */
void ioctl_handle(fuse_req_t req, struct client *c, unsigned int cmd, void *arg, const void *in_buf,
		  size_t in_bufsz, size_t out_bufsz);
