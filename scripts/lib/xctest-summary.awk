# Reads `swift test` output and prints one plain line: "N passed, N failed, N skipped".
#
# XCTest's closing line comes in four forms, singular or plural:
#   Executed 383 tests, with 0 failures (0 unexpected) in 12.1 (12.2) seconds
#   Executed 383 tests, with 19 tests skipped and 0 failures (0 unexpected) in ...
#   Executed 1 test, with 1 test skipped and 1 failure (0 unexpected) in ...
# "Executed" counts skipped tests too, and "failures" counts failed assertions, not
# tests, so the failed tests are counted from their own "Test Case '…' failed" lines.
# The last summary is the whole run's. Exits 2 when there is none (the run died).
/^Test Case '.*' failed \(/ { failed_cases++ }
/Executed [0-9]+ tests?, with / {
    line = $0
    sub(/.*Executed /, "", line)
    executed = line + 0
    skipped = 0
    if (line ~ / with [0-9]+ tests? skipped and /) {
        s = line; sub(/.* with /, "", s); skipped = s + 0
    }
    f = line; sub(/.* and /, "", f); sub(/.* with /, "", f); failures = f + 0
    seen = 1
}
END {
    if (!seen) { print "no XCTest summary line found"; exit 2 }
    failed = failed_cases
    if (failed == 0 && failures > 0) failed = 1
    passed = executed - skipped - failed
    if (passed < 0) passed = 0
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
}
