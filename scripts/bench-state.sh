#!/usr/bin/env bash
# bench-state.sh: what carried state (`process-slice --state`) costs: saving the
# connections open at the end of a capture, and loading them into the next slice.
#
# Usage: scripts/bench-state.sh BIN_DIR BENCH_DIR CAPTURE LABEL
#   (scripts/bench.sh calls it for its conn and many captures)
#
# Variants, timed with hyperfine (BENCH_RUNS runs after one warm-up run):
#   stateless        process-slice CAPTURE --threads 2
#   save             the same with --state into an empty directory: every connection open
#                    at the end is written to the state file
#   next-stateless   process-slice NEXT --threads 2, NEXT a small slice a minute after CAPTURE
#                    (capture-gen bench-slices)
#   next-load-save   the same with --state holding what `save` wrote: load every carried
#                    connection, and save what is still open
# Prints the connections carried, the state file's size, and each cost as the difference
# of means (seconds and percent of the stateless run); writes $BENCH_DIR/LABEL-state-summary.json.
#
# Environment: BENCH_RUNS timed runs per variant, default 5.
set -euo pipefail

BIN="${1:?usage: bench-state.sh BIN_DIR BENCH_DIR CAPTURE LABEL}"
BENCH_DIR="${2:?usage: bench-state.sh BIN_DIR BENCH_DIR CAPTURE LABEL}"
CAPTURE="${3:?usage: bench-state.sh BIN_DIR BENCH_DIR CAPTURE LABEL}"
LABEL="${4:?usage: bench-state.sh BIN_DIR BENCH_DIR CAPTURE LABEL}"
RUNS="${BENCH_RUNS:-5}"
log() { printf '==> %s\n' "$*" >&2; }

WORK="$BENCH_DIR/$LABEL-state"
rm -rf "$WORK"
mkdir -p "$WORK"
SLICE="$BIN/process-slice"

log "$LABEL state: a saved state and the slice after the capture"
"$SLICE" "$CAPTURE" --out "$WORK/saved-out" --threads 2 --state "$WORK/saved" --no-progress >/dev/null
LAST=$(python3 -c 'import json,sys; print(int(float(json.load(open(sys.argv[1]))["input"]["last_time"])))' \
    "$WORK/saved-out/manifest.json")
"$BIN/capture-gen" bench-slices --out "$WORK/next" --count 1 --size-kb 64 --start $((LAST + 60)) >/dev/null
NEXT=$(ls "$WORK"/next/*.pcap)

hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
    --prepare "true" --prepare "rm -rf $WORK/s1" --prepare "true" \
    --prepare "rm -rf $WORK/s2 && cp -r $WORK/saved $WORK/s2" \
    --command-name stateless "$SLICE $CAPTURE --out $WORK/o1 --threads 2 --force --no-progress" \
    --command-name save "$SLICE $CAPTURE --out $WORK/o2 --threads 2 --force --no-progress --state $WORK/s1" \
    --command-name next-stateless "$SLICE $NEXT --out $WORK/o3 --threads 2 --force --no-progress" \
    --command-name next-load-save "$SLICE $NEXT --out $WORK/o4 --threads 2 --force --no-progress --state $WORK/s2" >&2

python3 - "$WORK" "$LABEL" "$BENCH_DIR/$LABEL-state-summary.json" <<'PY'
import json, os, sys
work, label, out = sys.argv[1:4]
means = {r["command"]: r["mean"] for r in json.load(open(f"{work}/hyperfine.json"))["results"]}
saved = json.load(open(f"{work}/saved-out/manifest.json"))["state"]["saved"]
loaded = json.load(open(f"{work}/o4/manifest.json"))["state"]["loaded"]
size = os.path.getsize(f"{work}/saved/carried.state")
save = means["save"] - means["stateless"]
load_save = means["next-load-save"] - means["next-stateless"]
summary = {"label": label, "connections_saved": saved, "connections_loaded": loaded, "state_file_bytes": size,
           "means_seconds": means, "save_seconds": save, "save_percent": 100 * save / means["stateless"],
           "load_and_save_seconds": load_save}
json.dump(summary, open(out, "w"), indent=2)
print(f"\n{label}: carried state")
print(f"  {saved} connections open at the end, state file {size / 2**20:.1f} MiB")
print(f"  save:          +{save:.3f} s ({summary['save_percent']:.1f}% of the stateless run, {means['stateless']:.3f} s)")
print(f"  load and save: +{load_save:.3f} s for {loaded} carried connections (next slice {means['next-stateless']:.3f} s alone)")
PY
