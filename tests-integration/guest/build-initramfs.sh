#!/bin/sh
# Builds the test guest's initramfs: busybox-static, the virtio/evdev/uinput modules, the agent and init.
# usage: build-initramfs.sh KERNEL_VERSION BUSYBOX AGENT INIT OUT
set -eu

if [ $# -ne 5 ]; then
	echo "usage: $0 KERNEL_VERSION BUSYBOX AGENT INIT OUT" >&2
	exit 2
fi
kver=$1
busybox=$2
agent=$3
init=$4
out=$5

fail() {
	echo "build-initramfs: $*" >&2
	exit 1
}

# Loaded in this order by init: each needs the ones before it.
modules="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_input evdev uinput"

[ -d "/lib/modules/$kver" ] || fail "/lib/modules/$kver is missing: install linux-image-amd64 (scripts/install-deps)"
# A dynamic busybox (package busybox) would find no libc in the guest.
if readelf -l "$busybox" | grep -q 'program interpreter'; then
	fail "$busybox is dynamically linked: install busybox-static (scripts/install-deps)"
fi
if readelf -l "$agent" | grep -q 'program interpreter'; then
	fail "$agent is dynamically linked; it must be built with -static"
fi

root="$out.root"
rm -rf "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/lib/modules"
cp "$busybox" "$root/bin/busybox"
for applet in sh mount insmod cat sed grep sleep echo ls poweroff reboot dmesg; do
	ln -s busybox "$root/bin/$applet"
done
# Debug info only costs boot time in the guest.
strip -o "$root/bin/guest-agent" "$agent"
cp "$init" "$root/init"
chmod 755 "$root/init" "$root/bin/guest-agent"

for m in $modules; do
	f=$(modinfo -k "$kver" -F filename "$m" 2>/dev/null) || f=""
	case "$f" in
	"") fail "module $m not found for kernel $kver" ;;
	"(builtin)") continue ;;
	*.ko) cp "$f" "$root/lib/modules/$m.ko" ;;
	# busybox insmod wants an uncompressed .ko.
	*.ko.xz) xz -dc "$f" >"$root/lib/modules/$m.ko" ;;
	*.ko.zst) zstd -dcq "$f" >"$root/lib/modules/$m.ko" ;;
	*.ko.gz) gzip -dc "$f" >"$root/lib/modules/$m.ko" ;;
	*) fail "module $m: unexpected file $f" ;;
	esac
	echo "$m" >>"$root/lib/modules/order"
done

# Same inputs, same bytes: fixed timestamps, sorted names, no gzip name or time.
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --reproducible --quiet -R 0:0) |
	gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$root"
echo "build-initramfs: $out ($(wc -c <"$out" | tr -d ' ') bytes, kernel $kver)"
