#!/bin/sh
# Fails unless JNI_OnLoad is the only function the JNI library exports.
set -eu
lib=$1
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "W" { print $3 }' | sort)
if [ "$exported" != "JNI_OnLoad" ]; then
	echo "expected only JNI_OnLoad to be exported from $lib, found:" >&2
	echo "$exported" >&2
	exit 1
fi
echo "exports: $exported"
