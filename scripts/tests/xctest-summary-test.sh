#!/usr/bin/env bash
# Checks scripts/lib/xctest-summary.awk on real `swift test` output (XCTest's
# closing line with and without skipped tests, singular and plural, a failed
# test with two failed assertions, and a run that died before its summary).
# The captured outputs are in scripts/tests/xctest-summary/.
set -euo pipefail
cd "$(dirname "$0")"
awk_script=../lib/xctest-summary.awk
failures=0
check() {
    local file="$1" expected="$2" status=0 got
    got="$(awk -f "$awk_script" "xctest-summary/$file")" || status=$?
    if [ "$got" != "$expected" ]; then
        echo "xctest-summary: $file: expected '$expected', got '$got'" >&2
        failures=$((failures + 1))
    fi
    if [ "$expected" = "no XCTest summary line found" ] && [ "$status" -ne 2 ]; then
        echo "xctest-summary: $file: a run without a summary must exit 2, got $status" >&2
        failures=$((failures + 1))
    fi
}
check one-passed.txt "1 passed, 0 failed, 0 skipped"
check two-passed.txt "2 passed, 0 failed, 0 skipped"
check one-skipped.txt "0 passed, 0 failed, 1 skipped"
check one-failed.txt "0 passed, 1 failed, 0 skipped"
check mixed.txt "2 passed, 1 failed, 2 skipped"
check crashed.txt "no XCTest summary line found"
if [ "$failures" -ne 0 ]; then exit 1; fi
echo "xctest-summary: the parser reads all six captured outputs right"
