/* evshim.c: LD_PRELOAD library that makes EVIOCGRAB and EVIOCREVOKE work on fakeevdev files. */
#include <dlfcn.h>
#include <errno.h>
#include <linux/input.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/ioctl.h>

/*
 * evdev reads the int argument of EVIOCGRAB and EVIOCREVOKE as a value, but
 * their encoding (_IOW int) makes FUSE copy 4 bytes from it as an address
 * first, which fails with EFAULT for 1 or 0. Retried as _IO('E', nr), the
 * value reaches fakeevdev unchanged. Real evdev nodes never fail that way,
 * so there the shim does nothing.
 *
 * The build hides symbols by default; the preloaded ioctl must be seen.
 */
__attribute__((visibility("default"))) int
ioctl(int fd, unsigned long request, ...)
{
	static int (*real_ioctl)(int, unsigned long, ...);
	va_list ap;
	void *arg;
	int rc;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real_ioctl) {
		real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
		if (!real_ioctl) {
			errno = ENOSYS;
			return -1;
		}
	}
	rc = real_ioctl(fd, request, arg);
	if (rc < 0 && errno == EFAULT && (uintptr_t)arg < 4096 &&
	    (request == EVIOCGRAB || request == EVIOCREVOKE))
		rc = real_ioctl(fd, _IO('E', _IOC_NR(request)), arg);
	return rc;
}
