/* pid.c: maps the thread id FUSE gives to the caller's process id. */
#include "pid.h"

#include <stdio.h>

pid_t
pid_of_caller(fuse_req_t req)
{
	pid_t tid = fuse_req_ctx(req)->pid;
	char path[64];
	char line[128];
	pid_t tgid = tid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return tid;
	while (fgets(line, sizeof(line), f)) {
		int v;

		if (sscanf(line, "Tgid: %d", &v) == 1) {
			tgid = v;
			break;
		}
	}
	fclose(f);
	return tgid;
}
