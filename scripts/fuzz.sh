#!/usr/bin/env bash
# fuzz.sh: builds the libFuzzer targets in Fuzz/ and runs them.
#
# Usage:
#   scripts/fuzz.sh --list              the targets, one a line
#   scripts/fuzz.sh --build [TARGET]    build every target, or one (release, ASan + libFuzzer)
#   scripts/fuzz.sh TARGET SECONDS      fuzz one target for SECONDS
#   scripts/fuzz.sh all SECONDS         fuzz every target in turn, SECONDS each
#   scripts/fuzz.sh --seeds             (re)build the seeds in Fuzz/Corpus from capture-gen's
#                                       captures and the test fixtures (Fuzz/make-corpus.py)
#   scripts/fuzz.sh minimize TARGET     fold the inputs a run found into TARGET's committed
#                                       corpus, keeping only those that add coverage
#
# A run starts from the committed seeds in Fuzz/Corpus/TARGET (read only) and keeps the
# inputs it finds in Fuzz/.build/corpus/TARGET, which is not committed (`minimize` folds
# them in). Findings go to Fuzz/.build/artifacts/TARGET/: crash-*, leak-*, timeout-*
# (an input that takes over 1 s), oom-* (over FUZZ_RSS_MB). Reproduce one with
#   Fuzz/.build/scratch/release/TARGET Fuzz/.build/artifacts/TARGET/crash-...
# A timeout that does not happen again when the input is replayed (the machine was busy)
# is set aside in Fuzz/.build/artifacts/TARGET/unreproduced/ and does not count.
# The exit status is non-zero when any run found something (libFuzzer stops at the first
# finding of a run; `all` goes on to the next target and reports every finding at the end).
# The last line of each run says its executions per second and how long it ran.
#
# Environment:
#   FUZZ_RSS_MB   libFuzzer's -rss_limit_mb and -malloc_limit_mb  default 2048
#   FUZZ_JOBS     swift build --jobs                               default: swift's own
#   FUZZ_ARGS     further libFuzzer flags, e.g. "-seed=1 -max_len=4096"
#   FUZZ_NO_BUILD set to 1: run the targets as last built
#
# Builds and fuzzers run under `nice -n 10`, and one fuzzer process runs at a time.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd -P)"
FUZZ="$ROOT/Fuzz"
# SwiftPM names a package after its directory: Fuzz/ beside a checkout that is itself named
# "fuzz" would be two packages named "fuzz". The build uses a copy of Fuzz's manifest and
# sources in a directory of its own name instead, and passes the main package's path.
STAGE="$FUZZ/.build/package/otsensor-fuzz"
SCRATCH="$FUZZ/.build/scratch"
BIN="$SCRATCH/release"
RSS_MB="${FUZZ_RSS_MB:-2048}"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

targets() { (cd "$FUZZ/Sources" && ls -d fuzz-* | sort); }

is_target() { targets | grep -qx -- "$1"; }

build() {
    [[ "${FUZZ_NO_BUILD:-}" == 1 ]] && return
    mkdir -p "$STAGE"
    # Copies keep their times, so an unchanged source is not compiled again.
    rm -rf "$STAGE/Sources"
    cp -a "$FUZZ/Package.swift" "$FUZZ/Sources" "$STAGE/"
    [[ -f "$FUZZ/Package.resolved" ]] && cp -a "$FUZZ/Package.resolved" "$STAGE/"
    local args=(-c release --package-path "$STAGE" --scratch-path "$SCRATCH"
                -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
    [[ -n "${FUZZ_JOBS:-}" ]] && args+=(--jobs "$FUZZ_JOBS")
    if [[ $# -gt 0 ]]; then args+=(--product "$1"); fi
    echo "== building ${1:-every target}" >&2
    OTSENSOR_PACKAGE_PATH="$ROOT" nice -n 10 swift build "${args[@]}" >&2
}

# Runs one target; prints "TARGET exec/s seconds status" as its last line.
run_one() {
    local target="$1" seconds="$2"
    local seeds="$FUZZ/Corpus/$target" work="$FUZZ/.build/corpus/$target"
    local artifacts="$FUZZ/.build/artifacts/$target" log="$FUZZ/.build/logs/$target.log"
    mkdir -p "$seeds" "$work" "$artifacts" "$(dirname "$log")"
    local flags=(-timeout=1 -rss_limit_mb="$RSS_MB" -malloc_limit_mb="$RSS_MB"
                 -artifact_prefix="$artifacts/" -print_final_stats=1 -detect_leaks=1)
    # TOMLKit leaks on every parse (Fuzz/lsan.supp): with leak detection on, libFuzzer runs a
    # whole-heap leak check after every input (4 exec/s); fuzz-config looks for crashes only.
    [[ "$target" == fuzz-config ]] && flags+=(-detect_leaks=0)
    [[ -f "$FUZZ/Dictionaries/$target.dict" ]] && flags+=(-dict="$FUZZ/Dictionaries/$target.dict")
    # shellcheck disable=SC2206
    flags+=(${FUZZ_ARGS:-})
    echo "== $target: ${seconds}s (log: ${log#"$ROOT/"})" >&2
    local status=0 started ended left="$seconds" rate
    started=$(date +%s)
    : > "$log"
    while [[ $left -gt 0 ]]; do
        status=0
        # New inputs go to the first directory (the working corpus); the seeds are only read.
        ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" LSAN_OPTIONS="suppressions=$FUZZ/lsan.supp:print_suppressions=0" \
            nice -n 10 "$BIN/$target" "${flags[@]}" -max_total_time="$left" "$work" "$seeds" >> "$log" 2>&1 || status=$?
        [[ $status -ne 0 ]] || break
        # The timeout is wall-clock time: on a loaded machine an input can overrun it while
        # waiting for a core. A timeout input that runs in time when replayed (three times)
        # is set aside in unreproduced/ and the run goes on for the time left.
        local timeout
        timeout="$(sed -nE "s|.*Test unit written to (.*/timeout-[0-9a-f]+)$|\1|p" "$log" | tail -1)"
        [[ -n "$timeout" && -f "$timeout" ]] || break
        local replays=0
        for _ in 1 2 3; do
            LSAN_OPTIONS="suppressions=$FUZZ/lsan.supp:print_suppressions=0" \
                "$BIN/$target" -timeout=1 -rss_limit_mb="$RSS_MB" "$timeout" > /dev/null 2>&1 && replays=$((replays + 1))
        done
        [[ $replays -eq 3 ]] || break
        mkdir -p "$artifacts/unreproduced" && mv "$timeout" "$artifacts/unreproduced/"
        echo "== $target: ${timeout##*/} ran in time when replayed: set aside, fuzzing on" | tee -a "$log" >&2
        left=$((seconds - ($(date +%s) - started)))
    done
    ended=$(date +%s)
    rate="$(sed -nE 's/^stat::average_exec_per_sec:[[:space:]]*([0-9]+).*/\1/p' "$log" | tail -1)"
    if [[ $status -ne 0 ]]; then
        grep -E "^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|ALARM|.*Fatal error)" "$log" >&2 || tail -20 "$log" >&2
    fi
    echo "$target ${rate:-?} exec/s $((ended - started))s $([[ $status -eq 0 ]] && echo ok || echo "FINDING (exit $status)")"
    return "$status"
}

minimize() {
    local target="$1" seeds="$FUZZ/Corpus/$1" work="$FUZZ/.build/corpus/$1"
    local merged="$FUZZ/.build/merged/$target"
    rm -rf "$merged" && mkdir -p "$merged" "$work" "$seeds"
    LSAN_OPTIONS="suppressions=$FUZZ/lsan.supp:print_suppressions=0" \
        nice -n 10 "$BIN/$target" -merge=1 -timeout=1 -rss_limit_mb="$RSS_MB" "$merged" "$seeds" "$work" >&2
    rm -rf "$seeds" && mv "$merged" "$seeds"
    echo "$target: $(ls "$seeds" | wc -l) inputs, $(du -sk "$seeds" | cut -f1) KiB in ${seeds#"$ROOT/"}"
}

seeds() {
    local captures="$FUZZ/.build/captures"
    mkdir -p "$captures"
    (cd "$ROOT" && nice -n 10 swift build --product capture-gen >&2)
    local gen
    gen="$(cd "$ROOT" && swift build --show-bin-path)/capture-gen"
    "$gen" sample --out "$captures/sample.pcapng" --format pcapng >&2
    "$gen" ot-bench --out "$captures/ot.pcap" --size-mb 1 --polls 4 --seed 1 >&2
    python3 "$FUZZ/make-corpus.py" "$captures/sample.pcapng" "$captures/ot.pcap" "$ROOT/testdata/sample.pcap" \
        $(find "$ROOT/testdata/third-party/captures" -type f -name '*.pcap*' | sort)
    du -sh "$FUZZ/Corpus"
}

case "${1:-}" in
    -h|--help|"") usage; [[ -n "${1:-}" ]] ;;
    --list) targets ;;
    --build)
        [[ $# -eq 1 ]] || is_target "$2" || { echo "fuzz.sh: no target '$2' (see --list)" >&2; exit 64; }
        build "${@:2}" ;;
    --seeds) seeds ;;
    minimize)
        [[ $# -eq 2 ]] && is_target "$2" || { echo "fuzz.sh: minimize TARGET (see --list)" >&2; exit 64; }
        build "$2"; minimize "$2" ;;
    *)
        [[ $# -eq 2 && "$2" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: expected TARGET SECONDS (see --help)" >&2; exit 64; }
        if [[ "$1" == all ]]; then
            build
            failed=0; summary=()
            for target in $(targets); do
                line="$(run_one "$target" "$2")" || failed=$((failed + 1))
                echo "$line"; summary+=("$line")
            done
            echo "== summary"; printf '%s\n' "${summary[@]}"
            [[ $failed -eq 0 ]] || { echo "fuzz.sh: $failed target(s) found something; see Fuzz/.build/artifacts" >&2; exit 1; }
        else
            is_target "$1" || { echo "fuzz.sh: no target '$1' (see --list)" >&2; exit 64; }
            build "$1"
            run_one "$1" "$2"
        fi ;;
esac
