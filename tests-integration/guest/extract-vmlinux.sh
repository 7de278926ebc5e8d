#!/bin/sh
# Extracts the uncompressed ELF vmlinux (PVH-bootable) from an x86 bzImage, using its boot header.
# usage: extract-vmlinux.sh BZIMAGE OUT
#
# The x86 boot protocol (>= 2.08) records where the compressed kernel sits:
# setup_sects at 0x1f1, payload_offset and payload_length at 0x248. The payload
# ends with the uncompressed size as a little-endian u32, which we check.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 BZIMAGE OUT" >&2
	exit 2
fi
image=$1
out=$2

fail() {
	echo "extract-vmlinux: $image: $*" >&2
	exit 1
}

[ -r "$image" ] || fail "cannot read the kernel image (is linux-image-amd64 installed? see scripts/install-deps)"

# u8/u16/u32 little-endian field at a byte offset, as a decimal number.
field() {
	od -An -tu"$2" -j "$1" -N "$2" "$image" | tr -d ' '
}

[ "$(od -An -c -j 0x202 -N 4 "$image" | tr -d ' ')" = HdrS ] || fail "no bzImage boot header (HdrS)"
[ "$(field 0x206 2)" -ge 520 ] || fail "boot protocol older than 2.08 has no payload fields"

setup_sects=$(field 0x1f1 1)
[ "$setup_sects" -ne 0 ] || setup_sects=4
payload_offset=$(field 0x248 4)
payload_length=$(field 0x24c 4)
start=$(( (setup_sects + 1) * 512 + payload_offset ))

# Pick the decompressor from the payload's magic bytes.
magic=$(od -An -tx1 -j "$start" -N 6 "$image" | tr -d ' \n')
case "$magic" in
fd377a585a00) decompress="xz -dc --single-stream" ;;
28b52ffd*) decompress="zstd -dcq" ;;
1f8b*) decompress="gzip -dc" ;;
*) fail "unsupported payload compression (magic $magic); expected xz, zstd or gzip" ;;
esac

expected=$(tail -c +$(( start + payload_length - 3 )) "$image" | head -c 4 | od -An -tu4 | tr -d ' ')

tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
tail -c +$(( start + 1 )) "$image" | head -c $(( payload_length - 4 )) | $decompress >"$tmp" ||
	fail "decompressing the payload failed"

[ "$(od -An -c -N 4 "$tmp" | tr -d ' ')" = '177ELF' ] || fail "the payload is not an ELF file"
size=$(wc -c <"$tmp" | tr -d ' ')
[ "$size" = "$expected" ] || fail "decompressed $size bytes, the image says $expected"

mv "$tmp" "$out"
trap - EXIT
echo "extract-vmlinux: $out ($size bytes) from $image"
