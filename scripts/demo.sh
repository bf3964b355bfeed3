#!/usr/bin/env bash
# Demo on a fresh Debian/Ubuntu machine (as root): installs the Debian packages
# otsensor needs, builds in release, runs process-slice on the sample capture
# in testdata/ and prints where the logs are.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release
bin="$(swift build -c release --show-bin-path)"
out="${DEMO_OUT:-demo-output}"
"$bin/process-slice" testdata/sample.pcap --out "$out" --force
echo
echo "Logs written to $(cd "$out" && pwd):"
ls -l "$out"
echo
echo "conn.log:"
grep -v '^#' "$out/conn.log" | cut -f1,3-8,12,16
for log in s7comm cclink-ief-basic cclink-ie arp dhcp2 ssdp p0f-k; do
    echo
    echo "$log.log:"
    grep -v '^#' "$out/$log.log" | head -5
done
