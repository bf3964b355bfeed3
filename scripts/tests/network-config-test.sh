#!/usr/bin/env bash
# The README's two ways to bring the monitoring interface up at boot
# (packaging/network/), each applied by the real tool to a veth interface named eth1 in a
# network namespace of its own: the link must come up promiscuous, without ARP and
# without any address (no IPv6 link-local either, so the sensor never speaks on the
# plant network).
#   * systemd-networkd, in a private mount namespace that shows it only our file, with
#     /sys read-only so that it does not wait for udev, as in a container;
#   * ifupdown's ifup, with our stanza as its interfaces file.
# Says loudly when namespaces, networkd or ifupdown are unavailable.
set -euo pipefail
cd "$(dirname "$0")/../.."
networkd=/lib/systemd/systemd-networkd
cannot() { echo "!!! network configuration NOT CHECKED: $*"; exit 0; }
fail() { echo "network configuration: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || cannot "needs root for a network namespace"
[ -x "$networkd" ] || cannot "$networkd is missing (scripts/install-deps.sh --package installs systemd)"
namespace="ots-network-$$"
tmp="$(mktemp -d)"
trap 'ip netns del "$namespace" 2>/dev/null || true; rm -rf "$tmp"' EXIT

# A fresh namespace with eth1 (a veth whose peer is up, so that eth1 has a carrier).
fresh_namespace() {
    ip netns del "$namespace" 2>/dev/null || true
    ip netns add "$namespace" 2>/dev/null || cannot "the kernel refuses network namespaces here"
    ip -n "$namespace" link add eth1 type veth peer name peer1
    ip -n "$namespace" link set peer1 up
}

# eth1 is up, promiscuous, without ARP and without any address, after a moment in which
# IPv6 would have configured a link-local address.
check_capture_interface() {
    sleep 1
    local flags addresses
    flags="$(ip -n "$namespace" -o link show eth1)"
    for flag in UP PROMISC NOARP; do
        echo "$flags" | grep -q "[<,]$flag[,>]" || fail "$1: eth1 is not $flag: $flags"
    done
    addresses="$(ip -n "$namespace" -o addr show dev eth1)"
    [ -z "$addresses" ] || fail "$1: eth1 has addresses: $addresses"
    echo "network configuration: $1 brings eth1 up promiscuous, without ARP or any address"
}

fresh_namespace
mkdir "$tmp/network"
cp packaging/network/10-otsensor-capture.network "$tmp/network/"
unshare -m sh -c "
    mount --make-rprivate /
    mount --bind '$tmp/network' /etc/systemd/network
    mkdir -p /run/systemd && mount -t tmpfs tmpfs /run/systemd
    ip netns exec '$namespace' sh -c 'mount -o remount,ro /sys; exec timeout 4 $networkd'
" > "$tmp/networkd.log" 2>&1 || true
grep -q "Configuring with /etc/systemd/network/10-otsensor-capture.network" "$tmp/networkd.log" \
    || fail "networkd did not apply the file: $(cat "$tmp/networkd.log")"
check_capture_interface systemd-networkd

command -v ifup >/dev/null || cannot "ifup is missing (scripts/install-deps.sh --test installs ifupdown); the networkd file was checked"
fresh_namespace
mkdir "$tmp/ifstate"
ip netns exec "$namespace" ifup -i packaging/network/interfaces.d-otsensor --state-dir "$tmp/ifstate" eth1 \
    > "$tmp/ifup.log" 2>&1 || fail "ifup eth1: $(cat "$tmp/ifup.log")"
check_capture_interface ifupdown
