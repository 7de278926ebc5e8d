#!/bin/sh
# Fails if the test run left a fake evdev mount or a fixture, backend or QEMU process behind.
# Usage: check-leftovers.sh NATIVE_BUILD_DIR DIST_DIR
set -u
native=$1
dist=$2
status=0

# Fake evdev file systems are mounted with fsname "fakeevdev".
mounts=$(awk '$1 == "fakeevdev" { print $2 }' /proc/mounts)
if [ -n "$mounts" ]; then
	echo "check-leftovers: fake evdev still mounted at: $mounts" >&2
	status=1
fi

# Processes started from this build: fixtures, host readers, guests, backends.
for pattern in "$native/bin/" "$native/guest/" "$dist/lib/"; do
	pids=$(pgrep -f -- "$pattern" || true)
	if [ -n "$pids" ]; then
		echo "check-leftovers: processes still running from $pattern:" >&2
		ps -o pid=,args= -p $(echo $pids | tr ' ' ',') >&2
		status=1
	fi
done

[ $status = 0 ] && echo "check-leftovers: no mount or process left behind"
exit $status
