/* pid.h: which process sent a FUSE request. */
#pragma once

#define FUSE_USE_VERSION 35

#include <fuse_lowlevel.h>
#include <sys/types.h>

/**
 * FUSE names the calling thread; tests compare with process ids, so look
 * up the thread's process in /proc.
 *
 * @return the process id of the request's caller, or its thread id if /proc
 * does not say
 */
pid_t pid_of_caller(fuse_req_t req);
