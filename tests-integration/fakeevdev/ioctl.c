/* ioctl.c: EVIOCG* and EVIOCS* as drivers/input/evdev.c answers them, grab and revoke included. */
#include "ioctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "input.h"
#include "log.h"
#include "pid.h"
#include "protocol.h"

/* @return nothing; answers with a bitmap of maxbit bits cut to size bytes (bits_to_user()) */
static void
reply_bits(fuse_req_t req, const unsigned long *bits, unsigned int maxbit, size_t size)
{
	size_t len = NLONGS(maxbit) * sizeof(long);

	if (len > size)
		len = size;
	fuse_reply_ioctl(req, (int)len, bits, len);
}

/* @return nothing; answers with s and its NUL cut to size bytes, or ENOENT (str_to_user()) */
static void
reply_string(fuse_req_t req, const char *s, size_t size)
{
	size_t len;

	if (!s) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	len = strlen(s) + 1;
	if (len > size)
		len = size;
	fuse_reply_ioctl(req, (int)len, s, len);
}

/* @return nothing; answers EVIOCGKEY/LED/SND/SW after dropping queued events of that type */
static void
reply_state(fuse_req_t req, struct client *c, unsigned int type, const unsigned long *state,
	    unsigned int maxbit, size_t size)
{
	client_flush_type(c, type);
	reply_bits(req, state, maxbit, size);
}

/*
 * EVIOCGMTSLOTS takes the axis code in the caller's buffer, but its
 * encoding says "read only", so FUSE does not copy it to us. Read it from
 * the caller's memory, which needs root or ptrace rights.
 */
static void
reply_mt_slots(fuse_req_t req, struct client *c, void *arg, size_t size)
{
	struct device *d = c->device;
	uint32_t code;
	struct iovec local = { &code, sizeof(code) };
	struct iovec remote = { arg, sizeof(code) };
	size_t n;
	int32_t *out;

	if (size < sizeof(code)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (process_vm_readv(fuse_req_ctx(req)->pid, &local, 1, &remote, 1, 0) != sizeof(code)) {
		log_error("EVIOCGMTSLOTS: cannot read the axis from pid %d: %s",
			  fuse_req_ctx(req)->pid, strerror(errno));
		fuse_reply_err(req, EFAULT);
		return;
	}
	if (!d->caps.mt_slots || code < MT_FIRST || code > MT_LAST) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	n = (size - sizeof(code)) / sizeof(int32_t);
	if (n > d->caps.mt_slots)
		n = d->caps.mt_slots;
	out = malloc((n + 1) * sizeof(*out));
	if (!out) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	out[0] = (int32_t)code;
	for (size_t i = 0; i < n; i++)
		out[i + 1] = d->mt_values[i][code - MT_FIRST];
	fuse_reply_ioctl(req, 0, out, (n + 1) * sizeof(*out));
	free(out);
}

/* @return whether cmd is one of the ioctls whose whole command is fixed, now answered */
static bool
handle_fixed(fuse_req_t req, struct client *c, unsigned int cmd, void *arg, const void *in_buf,
	     size_t in_bufsz)
{
	struct device *d = c->device;
	int value;
	int rc;

	switch (cmd) {
	case EVIOCGVERSION:
		value = EV_VERSION;
		fuse_reply_ioctl(req, 0, &value, sizeof(value));
		return true;
	case EVIOCGID:
		fuse_reply_ioctl(req, 0, &d->caps.id, sizeof(d->caps.id));
		return true;
	case EVIOCGREP:
		/* evdev's ENOSYS; FUSE hands it to the caller as ENOTTY */
		if (!bit_test(d->caps.ev, EV_REP))
			fuse_reply_err(req, ENOSYS);
		else
			fuse_reply_ioctl(req, 0, d->caps.rep, 2 * sizeof(int));
		return true;
	case EVIOCSREP: {
		int rep[2];
		struct fev_event writes[2] = { { EV_REP, REP_DELAY, 0 },
					       { EV_REP, REP_PERIOD, 0 } };

		if (!bit_test(d->caps.ev, EV_REP) || in_bufsz < sizeof(rep)) {
			fuse_reply_err(req, ENOSYS);
			return true;
		}
		memcpy(rep, in_buf, sizeof(rep));
		writes[0].value = rep[0];
		writes[1].value = rep[1];
		device_record_write(d, &writes[0]);
		device_record_write(d, &writes[1]);
		input_handle_event(d, EV_REP, REP_DELAY, rep[0]);
		input_handle_event(d, EV_REP, REP_PERIOD, rep[1]);
		fuse_reply_ioctl(req, 0, NULL, 0);
		return true;
	}
	case EVIOCGEFFECTS:
		value = 0;
		fuse_reply_ioctl(req, 0, &value, sizeof(value));
		return true;
	case EVIOCGRAB:
	case EVIOCGRAB_BY_VALUE:
		/* Without the shim EVIOCGRAB gets here only with a valid pointer:
		 * it can grab, but never ungrab. */
		rc = device_grab(d, c, arg != NULL, pid_of_caller(req));
		log_trace("event%u %s by pid %d: %s", d->index, arg ? "grab" : "ungrab",
			  fuse_req_ctx(req)->pid, rc ? strerror(-rc) : "ok");
		if (rc < 0)
			fuse_reply_err(req, -rc);
		else
			fuse_reply_ioctl(req, 0, NULL, 0);
		return true;
	case EVIOCREVOKE:
	case EVIOCREVOKE_BY_VALUE:
		if (arg) {
			fuse_reply_err(req, EINVAL);
			return true;
		}
		if (d->grab == c)
			device_grab(d, c, false, 0);
		c->revoked = true;
		client_wakeup(c);
		fuse_reply_ioctl(req, 0, NULL, 0);
		return true;
	case EVIOCSCLOCKID:
		if (in_bufsz < sizeof(value)) {
			fuse_reply_err(req, EINVAL);
			return true;
		}
		memcpy(&value, in_buf, sizeof(value));
		rc = client_set_clock(c, value);
		if (rc < 0)
			fuse_reply_err(req, -rc);
		else
			fuse_reply_ioctl(req, 0, NULL, 0);
		return true;
	default:
		return false;
	}
}

/* @return whether cmd is a read ioctl whose size is part of the command, now answered */
static bool
handle_sized_read(fuse_req_t req, struct client *c, unsigned int cmd, void *arg, size_t size)
{
	struct device *d = c->device;
	unsigned int nr = _IOC_NR(cmd);

	if ((nr & ~EV_MAX) == _IOC_NR(EVIOCGBIT(0, 0))) {
		unsigned int type = nr & EV_MAX;
		unsigned long *bits;
		unsigned int max;

		if (type == 0) {
			reply_bits(req, d->caps.ev, EV_MAX, size);
			return true;
		}
		bits = caps_codes(&d->caps, type, &max);
		if (!bits)
			fuse_reply_err(req, EINVAL);
		else
			reply_bits(req, bits, max, size);
		return true;
	}
	if ((nr & ~ABS_MAX) == _IOC_NR(EVIOCGABS(0))) {
		struct input_absinfo abs = d->caps.absinfo[nr & ABS_MAX];

		if (!bit_test(d->caps.ev, EV_ABS)) {
			fuse_reply_err(req, EINVAL);
			return true;
		}
		fuse_reply_ioctl(req, 0, &abs, size < sizeof(abs) ? size : sizeof(abs));
		return true;
	}
	switch (nr) {
	case _IOC_NR(EVIOCGNAME(0)):
		reply_string(req, d->caps.name, size);
		return true;
	case _IOC_NR(EVIOCGPHYS(0)):
		reply_string(req, d->caps.phys, size);
		return true;
	case _IOC_NR(EVIOCGUNIQ(0)):
		reply_string(req, d->caps.uniq, size);
		return true;
	case _IOC_NR(EVIOCGPROP(0)):
		reply_bits(req, d->caps.props, INPUT_PROP_MAX, size);
		return true;
	case _IOC_NR(EVIOCGMTSLOTS(0)):
		reply_mt_slots(req, c, arg, size);
		return true;
	case _IOC_NR(EVIOCGKEY(0)):
		reply_state(req, c, EV_KEY, d->key_state, KEY_MAX, size);
		return true;
	case _IOC_NR(EVIOCGLED(0)):
		reply_state(req, c, EV_LED, d->led_state, LED_MAX, size);
		return true;
	case _IOC_NR(EVIOCGSND(0)):
		reply_state(req, c, EV_SND, d->snd_state, SND_MAX, size);
		return true;
	case _IOC_NR(EVIOCGSW(0)):
		reply_state(req, c, EV_SW, d->sw_state, SW_MAX, size);
		return true;
	default:
		return false;
	}
}

void
ioctl_handle(fuse_req_t req, struct client *c, unsigned int cmd, void *arg, const void *in_buf,
	     size_t in_bufsz, size_t out_bufsz)
{
	struct device *d = c->device;
	size_t size = _IOC_SIZE(cmd);

	log_trace("event%u ioctl 0x%08x (dir %u nr 0x%02x size %zu) arg %p pid %d", d->index, cmd,
		  _IOC_DIR(cmd), _IOC_NR(cmd), size, arg, fuse_req_ctx(req)->pid);
	if (client_is_dead(c)) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	if (handle_fixed(req, c, cmd, arg, in_buf, in_bufsz))
		return;
	if (_IOC_TYPE(cmd) != 'E') {
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (_IOC_DIR(cmd) == _IOC_READ) {
		if (size > out_bufsz)
			size = out_bufsz;
		if (handle_sized_read(req, c, cmd, arg, size))
			return;
	}
	if (_IOC_DIR(cmd) == _IOC_WRITE && (_IOC_NR(cmd) & ~ABS_MAX) == _IOC_NR(EVIOCSABS(0))) {
		unsigned int axis = _IOC_NR(cmd) & ABS_MAX;
		struct input_absinfo abs = { 0 };

		if (!bit_test(d->caps.ev, EV_ABS) || axis == ABS_MT_SLOT) {
			fuse_reply_err(req, EINVAL);
			return;
		}
		memcpy(&abs, in_buf, in_bufsz < sizeof(abs) ? in_bufsz : sizeof(abs));
		d->caps.absinfo[axis] = abs;
		fuse_reply_ioctl(req, 0, NULL, 0);
		return;
	}
	/* keycode maps, masks and force feedback are not emulated */
	fuse_reply_err(req, EINVAL);
}
