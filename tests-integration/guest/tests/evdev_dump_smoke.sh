#!/bin/sh
# ctest: the host evdev-dump refuses a non-evdev file, answers commands on stdin, and ends with BYE.
set -eu
dump=$1

got=$(printf '%s\n' '#1 echo hi "a b"' '#2 led nosuch 1 1' '#3 "bad' 'frob' \
	'#4 raw nosuch 1' '#5 state' '#6 quit' |
	"$dump" /dev/null | sed 's/^AGENT 1 pid=[0-9]*$/AGENT 1 pid=N/')
want='AGENT 1 pid=N
ERR - open ENOTTY "/dev/null"
READY
OK #1 echo hi a\x20b
ERR #2 led ENODEV "no open device nosuch"
ERR #3 - EINVAL "bad quoting or escape, or too many tokens"
ERR - - EINVAL "unknown command frob"
ERR #4 raw ENODEV "no open device nosuch"
ERR #5 state EINVAL "usage: state DEV"
OK #6 quit
BYE quit'

if [ "$got" != "$want" ]; then
	echo "evdev-dump printed:" >&2
	echo "$got" >&2
	echo "expected:" >&2
	echo "$want" >&2
	exit 1
fi

# With input still open and nothing happening, --idle-ms ends it.
got=$(sleep 0.5 | "$dump" --idle-ms 50 | tail -1)
if [ "$got" != "BYE idle" ]; then
	echo "evdev-dump --idle-ms 50 ended with: $got" >&2
	exit 1
fi
