#!/usr/bin/env bash
# Installs what the tests need, builds, runs `swift test` and the end-to-end checks.
# Used by CI (.ci/run). Where ../shared (the conformance corpus) is present, the
# Zeek conformance run is part of the checks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
swift build --build-tests
swift test --skip-build 2>&1 | tee .test-output.log | grep -E "error|failed|Executed|passed|Test Suite 'All tests'" | tail -20
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || { echo "swift test failed" >&2; exit "$status"; }

bin="$(swift build --show-bin-path)"
echo "== end to end: sample capture"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin/process-slice" testdata/sample.pcap --out "$tmp/sample" --no-progress
test -s "$tmp/sample/conn.log" && test -s "$tmp/sample/manifest.json"
"$bin/process-slice" testdata/sample.pcap --out "$tmp/sample1" --threads 1 --no-progress
cmp "$tmp/sample/conn.log" "$tmp/sample1/conn.log"
echo "sample: conn.log identical with --threads 1 and default"

shared="${SHARED_DIR:-../shared}"
if [ -d "$shared/conformance/zeek/cases" ]; then
    echo "== Zeek conformance (conn.log)"
    scripts/conformance.sh --bin "$bin" --check 95
else
    echo "== Zeek conformance: SKIPPED LOUDLY: $shared/conformance not present (it is beside the repository on the project's machines and in CI)"
fi
