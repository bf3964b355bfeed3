#!/usr/bin/env bash
# Installs the Debian packages otsensor needs.
#   scripts/install-deps.sh          build and run: libpcap, libzstd, zlib, libpcre2 (rule pcre), p0f (its /etc/p0f/p0f.fp is p0f-k.log's database)
#   scripts/install-deps.sh --test   also what the tests use: tshark and p0f (oracles), hyperfine, time,
#                                    nginx + openssl (the upload endpoint and its certificates),
#                                    iproute2 (network namespaces for live capture), zstd and tar (unpacking archives),
#                                    python3-jsonschema (manifests against docs/manifest.schema.json),
#                                    ifupdown (the README's stanza for the capture interface, checked with ifup),
#                                    and what --package adds
#   scripts/install-deps.sh --package  also what scripts/package.sh and its test use: dpkg-dev (dpkg-shlibdeps),
#                                    man-db (man -w), systemd (systemd-analyze, systemd-sysusers, systemd-tmpfiles)
# Runs apt-get only for packages that are missing, so it is quick when all are present.
set -euo pipefail
packages=(libpcap-dev libzstd-dev zlib1g-dev libpcre2-dev pkg-config p0f)
if [ "${1:-}" = "--test" ]; then
    packages+=(tshark hyperfine time nginx openssl iproute2 zstd tar python3-jsonschema ifupdown)
fi
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--package" ]; then
    packages+=(dpkg-dev man-db systemd)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}" >&2
apt-get update -qq
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
