#!/usr/bin/env bash
# The README's systemd-networkd file for the monitoring interface
# (packaging/network/10-otsensor-capture.network), applied by the real systemd-networkd
# to a veth interface named eth1 in a network namespace of its own: the link must come
# up promiscuous, without ARP and without any address (no IPv6 link-local either, so
# the sensor never speaks on the plant network). networkd runs in a private mount
# namespace that shows it only that file, with /sys read-only so that it does not wait
# for udev, as in a container. Says loudly when namespaces or networkd are unavailable.
set -euo pipefail
cd "$(dirname "$0")/../.."
networkd=/lib/systemd/systemd-networkd
cannot() { echo "!!! network configuration NOT CHECKED: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || cannot "needs root for a network namespace"
[ -x "$networkd" ] || cannot "$networkd is missing (scripts/install-deps.sh --package installs systemd)"
namespace="ots-network-$$"
tmp="$(mktemp -d)"
trap 'ip netns del "$namespace" 2>/dev/null || true; rm -rf "$tmp"' EXIT
ip netns add "$namespace" 2>/dev/null || cannot "the kernel refuses network namespaces here"
ip -n "$namespace" link add eth1 type veth peer name peer1
ip -n "$namespace" link set peer1 up
mkdir "$tmp/network"
cp packaging/network/10-otsensor-capture.network "$tmp/network/"
unshare -m sh -c "
    mount --make-rprivate /
    mount --bind '$tmp/network' /etc/systemd/network
    mkdir -p /run/systemd && mount -t tmpfs tmpfs /run/systemd
    ip netns exec '$namespace' sh -c 'mount -o remount,ro /sys; exec timeout 4 $networkd'
" > "$tmp/networkd.log" 2>&1 || true
grep -q "Configuring with /etc/systemd/network/10-otsensor-capture.network" "$tmp/networkd.log" \
    || { echo "network configuration: networkd did not apply the file: $(cat "$tmp/networkd.log")" >&2; exit 1; }
flags="$(ip -n "$namespace" -o link show eth1)"
for flag in UP PROMISC NOARP; do
    echo "$flags" | grep -q "[<,]$flag[,>]" || { echo "network configuration: eth1 is not $flag: $flags" >&2; exit 1; }
done
addresses="$(ip -n "$namespace" -o addr show dev eth1)"
[ -z "$addresses" ] || { echo "network configuration: eth1 has addresses: $addresses" >&2; exit 1; }
echo "network configuration: systemd-networkd brings eth1 up promiscuous, without ARP or any address"
