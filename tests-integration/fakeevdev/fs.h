/* fs.h: the FUSE file system: a directory of eventN files, each open file an evdev client. */
#pragma once

#define FUSE_USE_VERSION 35

#include <fuse_lowlevel.h>

/* The low-level operations passed to fuse_session_new(). */
extern const struct fuse_lowlevel_ops fs_operations;
