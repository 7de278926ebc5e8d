/* fs.c: FUSE operations: lookup, readdir, open, read, write, poll, ioctl on the eventN files. */
#include "fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "input.h"
#include "ioctl.h"
#include "log.h"
#include "pid.h"
#include "registry.h"

#define EVENT_SIZE sizeof(struct input_event)

static struct timespec mount_time;

/* @return nothing; fills st for the root directory or a device file */
static void
fill_stat(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	if (ino == REGISTRY_ROOT_INO) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else {
		/* A FUSE file cannot be a character device of ours; see the README. */
		st->st_mode = S_IFREG | 0666;
		st->st_nlink = 1;
	}
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_atim = st->st_mtim = st->st_ctim = mount_time;
}

/* @return the client behind an open file */
static struct client *
client_of(struct fuse_file_info *fi)
{
	return (struct client *)(uintptr_t)fi->fh;
}

/* @return nothing; records the mount time, which every file shows */
static void
fs_init(void *userdata, struct fuse_conn_info *conn)
{
	(void)userdata;
	(void)conn;
	clock_gettime(CLOCK_REALTIME, &mount_time);
}

/* @return nothing; answers a lookup of eventN with its present device's inode */
static void
fs_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;
	struct device *d;

	d = parent == REGISTRY_ROOT_INO ? registry_by_name(name) : NULL;
	if (!d) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	/* Timeouts of 0 make every path walk ask again, so unplug and replug
	 * show at once without invalidation notices, which could deadlock a
	 * single-threaded server against a lookup in progress. */
	memset(&e, 0, sizeof(e));
	e.ino = d->ino;
	e.generation = 1;
	fill_stat(e.ino, &e.attr);
	fuse_reply_entry(req, &e);
}

/* @return nothing; answers for the root and for any device still known, plugged or not */
static void
fs_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;

	(void)fi;
	if (ino != REGISTRY_ROOT_INO && !registry_by_ino(ino)) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	fill_stat(ino, &st);
	fuse_reply_attr(req, &st, 0);
}

/* @return nothing; answers with the attributes: O_TRUNC sets the size, and there is none */
static void
fs_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
	   struct fuse_file_info *fi)
{
	(void)attr;
	(void)to_set;
	fs_getattr(req, ino, fi);
}

/* @return 0 after appending a directory entry to *buf, or -ENOMEM */
static int
add_entry(fuse_req_t req, char **buf, size_t *size, const char *name, fuse_ino_t ino)
{
	struct stat st = { .st_ino = ino };
	size_t len = fuse_add_direntry(req, NULL, 0, name, NULL, 0);
	char *p = realloc(*buf, *size + len);

	if (!p)
		return -ENOMEM;
	fuse_add_direntry(req, p + *size, len, name, &st, *size + len);
	*buf = p;
	*size += len;
	return 0;
}

/* @return nothing; lists the present devices */
static void
fs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	(void)fi;
	if (ino != REGISTRY_ROOT_INO) {
		fuse_reply_err(req, ENOTDIR);
		return;
	}
	rc = add_entry(req, &buf, &len, ".", REGISTRY_ROOT_INO);
	if (rc == 0)
		rc = add_entry(req, &buf, &len, "..", REGISTRY_ROOT_INO);
	for (unsigned int i = 0; rc == 0 && i < registry_size(); i++) {
		struct device *d = registry_device(i);
		char name[32];

		if (!d || !d->present)
			continue;
		snprintf(name, sizeof(name), "event%u", i);
		rc = add_entry(req, &buf, &len, name, d->ino);
	}
	if (rc < 0)
		fuse_reply_err(req, -rc);
	else if ((size_t)off < len)
		fuse_reply_buf(req, buf + off, len - off < size ? len - off : size);
	else
		fuse_reply_buf(req, NULL, 0);
	free(buf);
}

/* @return nothing; makes the open file a new client of the device */
static void
fs_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct device *d = registry_by_ino(ino);
	struct client *c;

	if (!d) {
		fuse_reply_err(req, ino == REGISTRY_ROOT_INO ? EISDIR : ENOENT);
		return;
	}
	if (!d->present) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	c = client_new(d, pid_of_caller(req), d->bufsize);
	if (!c) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	device_attach(d, c);
	fi->fh = (uintptr_t)c;
	fi->direct_io = 1;   /* every read and write comes to us; no page cache */
	fi->nonseekable = 1; /* like evdev: no lseek or pread */
	log_trace("event%u opened by pid %d, flags 0x%x", d->index, c->pid, fi->flags);
	if (fuse_reply_open(req, fi) != 0) {
		/* the opener is gone (signal); no release will come */
		device_detach(d, c);
		client_free(c);
	}
}

/* @return nothing; frees the client, and its device if that was unplugged and this was the last */
static void
fs_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct client *c = client_of(fi);
	struct device *d = c->device;

	(void)ino;
	log_trace("event%u closed by pid %d", d->index, c->pid);
	device_detach(d, c);
	client_free(c);
	registry_client_closed(d);
	fuse_reply_err(req, 0);
}

/* @return nothing; close() of one descriptor: nothing to do until release */
static void
fs_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	fuse_reply_err(req, 0);
}

/* @return nothing; answers whole events of complete packets, EAGAIN or ENODEV, or parks the read */
static void
fs_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	struct client *c = client_of(fi);
	struct input_event *buf;
	unsigned int n;
	int rc;

	(void)ino;
	(void)off;
	if (size < EVENT_SIZE) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (client_is_dead(c)) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	if (!client_has_packet(c)) {
		if (fi->flags & O_NONBLOCK) {
			fuse_reply_err(req, EAGAIN);
			return;
		}
		rc = client_park_read(c, req, size);
		if (rc < 0)
			fuse_reply_err(req, -rc);
		return;
	}
	n = size / EVENT_SIZE;
	if (n > c->bufsize)
		n = c->bufsize;
	buf = malloc(n * EVENT_SIZE);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	n = client_fetch(c, buf, n);
	fuse_reply_buf(req, (const char *)buf, n * EVENT_SIZE);
	free(buf);
}

/* @return nothing; records and injects each whole event written, like evdev_write() */
static void
fs_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
	 struct fuse_file_info *fi)
{
	struct client *c = client_of(fi);
	struct device *d = c->device;
	size_t done = 0;

	(void)ino;
	(void)off;
	if (size < EVENT_SIZE) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (client_is_dead(c)) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	/* evdev_write() hands each event to input_inject_event() */
	for (; done + EVENT_SIZE <= size; done += EVENT_SIZE) {
		struct input_event ev;
		struct fev_event rec;

		memcpy(&ev, buf + done, EVENT_SIZE);
		rec = (struct fev_event){ ev.type, ev.code, ev.value };
		device_record_write(d, &rec);
		log_trace("event%u write by pid %d: type %u code %u value %d", d->index,
			  fuse_req_ctx(req)->pid, ev.type, ev.code, ev.value);
		input_handle_event(d, ev.type, ev.code, ev.value);
	}
	fuse_reply_write(req, done);
}

/* @return nothing; answers the poll mask and keeps the handle for a later wake-up */
static void
fs_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi, struct fuse_pollhandle *ph)
{
	struct client *c = client_of(fi);

	(void)ino;
	if (ph)
		client_set_poll_handle(c, ph);
	fuse_reply_poll(req, client_poll_mask(c));
}

/* @return nothing; hands evdev ioctls to ioctl.c */
static void
fs_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd, void *arg, struct fuse_file_info *fi,
	 unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	(void)ino;
	/* 32-bit callers would need compat layouts; directories are not evdev */
	if ((flags & (FUSE_IOCTL_COMPAT | FUSE_IOCTL_DIR)) || !fi->fh) {
		fuse_reply_err(req, ENOTTY);
		return;
	}
	ioctl_handle(req, client_of(fi), cmd, arg, in_buf, in_bufsz, out_bufsz);
}

const struct fuse_lowlevel_ops fs_operations = {
	.init = fs_init,
	.lookup = fs_lookup,
	.getattr = fs_getattr,
	.setattr = fs_setattr,
	.readdir = fs_readdir,
	.open = fs_open,
	.release = fs_release,
	.flush = fs_flush,
	.read = fs_read,
	.write = fs_write,
	.poll = fs_poll,
	.ioctl = fs_ioctl,
};
