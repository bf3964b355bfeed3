#!/usr/bin/env bash
# Runs the test suite under a sanitizer, in a build directory of its own.
#   scripts/sanitize.sh address    AddressSanitizer: the unsafe-pointer code (stream
#                                  trampolines, unretained analyzer references, byte cursors)
#   scripts/sanitize.sh thread     ThreadSanitizer: the shards, the decode/analyse overlap and
#                                  the log writer's lane
#   scripts/sanitize.sh exclusivity  the end-to-end and determinism tests on a release build
#                                  that keeps exclusivity checking (release builds turn it off)
#   scripts/sanitize.sh all        all three, one after the other
# Each needs a full build (several minutes on two cores) and runs the suite several times
# slower than usual, so it is part of `scripts/test.sh --long`, not of CI's run.
# Exit status: 0 when the suite passed with no sanitizer report, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
run() {
    local sanitizer="$1" log=".sanitize-$1.log"
    echo "== swift test --sanitize=$sanitizer (build in .build-$sanitizer, output in $log)"
    set +e
    swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" > "$log" 2>&1
    local status=$?
    set -e
    awk -f scripts/lib/xctest-summary.awk "$log" || true
    if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer" "$log"; then
        echo "!!! $sanitizer sanitizer reports in $log:" >&2
        grep -E "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|SUMMARY:" "$log" | sort | uniq -c | head -20 >&2
        return 1
    fi
    [ "$status" -eq 0 ] || { echo "!!! swift test --sanitize=$sanitizer failed (exit $status)" >&2; return 1; }
    echo "$sanitizer: no sanitizer report"
}
checked_release() {
    local log=".sanitize-exclusivity.log"
    echo "== release build with exclusivity checks: end-to-end tests (build in .build-checked, output in $log)"
    set +e
    OTSENSOR_CHECKED_RELEASE=1 swift test -c release -Xswiftc -enable-testing --scratch-path .build-checked \
        --filter EndToEndTests > "$log" 2>&1
    local status=$?
    set -e
    awk -f scripts/lib/xctest-summary.awk "$log" || true
    [ "$status" -eq 0 ] || { echo "!!! the checked release build failed its tests (exit $status): $log" >&2; return 1; }
    echo "exclusivity: the end-to-end tests pass with every check on"
}
case "${1:-}" in
    address|thread) run "$1" ;;
    exclusivity) checked_release ;;
    all) run address && run thread && checked_release ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
