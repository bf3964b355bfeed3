#!/usr/bin/env bash
# Installs what the tests need, builds, runs `swift test` and the end-to-end checks.
# Used by CI (.ci/run). Where ../shared (the Zeek conformance corpus) is beside the
# repository, the Zeek conformance run is part of the checks; where it is not, the
# script says so loudly and runs everything else.
# Closes with one plain line: "N passed, N failed, N skipped" (swift test's tests).
#
#   scripts/test.sh          what CI runs (under 30 minutes on two cores)
#   scripts/test.sh --long   also the slow suites: the test suite under AddressSanitizer and
#                            ThreadSanitizer (scripts/sanitize.sh all)
set -euo pipefail
cd "$(dirname "$0")/.."
long=0
case "${1:-}" in
    --long) long=1 ;;
    "") ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
scripts/install-deps.sh --test
scripts/tests/xctest-summary-test.sh
swift build --build-tests
set +e
swift test --skip-build > .test-output.log 2>&1
status=$?
set -e
grep -E "error:|Executed [0-9]+ tests?, with" .test-output.log | tail -20
if grep -q "Test skipped" .test-output.log; then
    echo "!!! SKIPPED TESTS (each says why; they did NOT run on this machine):"
    grep "Test skipped" .test-output.log | sed 's/^/!!!   /'
fi
summary="$(awk -f scripts/lib/xctest-summary.awk .test-output.log)" || summary=""
failed="$(echo "$summary" | sed -nE 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/p')"
if [ "$status" -ne 0 ] || [ -z "$failed" ] || [ "$failed" -ne 0 ]; then
    echo "swift test failed (exit $status); full output in .test-output.log" >&2
    echo "${summary:-0 passed, 1 failed, 0 skipped}"
    exit 1
fi

bin="$(swift build --show-bin-path)"
echo "== end to end: sample capture"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin/process-slice" testdata/sample.pcap --out "$tmp/sample" --no-progress
test -s "$tmp/sample/manifest.json"
# The sample has traffic for each of these logs: each must have rows.
for log in conn s7comm iso_cotp cclink-ief-basic cclink-ie arp dhcp2 ssdp p0f-k; do
    grep -qv '^#' "$tmp/sample/$log.log" || { echo "sample: $log.log has no rows" >&2; exit 1; }
done
"$bin/process-slice" testdata/sample.pcap --out "$tmp/sample1" --threads 1 --no-progress
for file in "$tmp/sample"/*.log; do cmp "$file" "$tmp/sample1/$(basename "$file")"; done
echo "sample: every log has the expected rows and is identical with --threads 1 and default"
# The manifest's input digest and the benchmark floor's (pcap-bare-read --sha256)
# must both be coreutils' SHA-256 of the file.
expected_sha="$(sha256sum testdata/sample.pcap | cut -d' ' -f1)"
grep -q "\"sha256\" *: *\"$expected_sha\"" "$tmp/sample/manifest.json" \
    || { echo "sample: manifest.json lacks the input's sha256 $expected_sha" >&2; exit 1; }
"$bin/pcap-bare-read" --sha256 testdata/sample.pcap | grep -q " sha256=$expected_sha\$" \
    || { echo "pcap-bare-read --sha256 disagrees with sha256sum" >&2; exit 1; }
echo "sample: the input's sha256 in the manifest and from pcap-bare-read --sha256 equal sha256sum's"

echo "== packaging: unit hardening, the .deb installed and purged, the container image"
scripts/tests/unit-security-test.sh
scripts/tests/package-test.sh
scripts/tests/network-config-test.sh
scripts/tests/container-test.sh

shared="${SHARED_DIR:-../shared}"
if [ -d "$shared/conformance/zeek/cases" ]; then
    echo "== Zeek conformance (conn.log)"
    scripts/conformance.sh --bin "$bin" --check 95 > .conformance-report.md
    head -1 .conformance-report.md
    echo "(cases that still differ, with why: .conformance-report.md)"
else
    echo "!!! Zeek conformance NOT RUN: $shared/conformance is not beside the repository."
    echo "!!! It is there on the project's machines and in CI; every other test ran."
fi

if [ "$long" = 1 ]; then
    scripts/sanitize.sh all
fi

echo "$summary"
