/* grab_client.c: fakeevdev-grab-client, which holds EVIOCGRAB on a file until its stdin ends. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/*
 * For tests in other languages (the Java fixture's) that need a grab held by
 * another process. Run it with LD_PRELOAD=libevshim.so; without the shim
 * EVIOCGRAB fails with EFAULT on a fixture file, which it reports.
 * Prints "grabbed" once it holds the grab and "released" after ungrabbing.
 */
int
main(int argc, char **argv)
{
	char buf[64];
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DEVICE\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (ioctl(fd, EVIOCGRAB, (void *)1) < 0) {
		printf("grab failed: %s\n", strerror(errno));
		return 1;
	}
	printf("grabbed\n");
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	if (ioctl(fd, EVIOCGRAB, (void *)0) < 0) {
		printf("ungrab failed: %s\n", strerror(errno));
		return 1;
	}
	printf("released\n");
	close(fd);
	return 0;
}
