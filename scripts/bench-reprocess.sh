#!/usr/bin/env bash
# bench-reprocess.sh: `otsensor reprocess` throughput, in slices/s, over an archive of
# small one-minute slices made by `capture-gen bench-slices` (one capture stream, so
# every slice loads and saves carried state).
#
# Usage: scripts/bench-reprocess.sh BIN_DIR BENCH_DIR
#   (scripts/bench.sh calls it with its release build and BENCH_SUITE=all or reprocess)
#
# Variants, timed with hyperfine (BENCH_RUNS runs after one warm-up run):
#   reprocess-t2    otsensor reprocess ARCHIVE --out OUT --threads 2, OUT removed before each run
#   reprocess-skip  the same over the finished OUT: every slice already done, what a
#                   restarted job pays per slice it skips (its digest and manifest check)
# Writes $BENCH_DIR/reprocess-summary.json and prints slices/s and MB/s of each.
#
# Environment:
#   BENCH_SLICES    slices in the archive                 default 200
#   BENCH_SLICE_KB  size of each slice in KiB             default 64
#   BENCH_SEED      seed of the first slice               default 1
#   BENCH_RUNS      timed runs per variant                default 5
set -euo pipefail

BIN="${1:?usage: bench-reprocess.sh BIN_DIR BENCH_DIR}"
BENCH_DIR="${2:?usage: bench-reprocess.sh BIN_DIR BENCH_DIR}"
SLICES="${BENCH_SLICES:-200}"
SLICE_KB="${BENCH_SLICE_KB:-64}"
SEED="${BENCH_SEED:-1}"
RUNS="${BENCH_RUNS:-5}"
for pair in "BENCH_SLICES=$SLICES" "BENCH_SLICE_KB=$SLICE_KB" "BENCH_RUNS=$RUNS"; do
    [[ "${pair#*=}" =~ ^[1-9][0-9]*$ ]] || { echo "bench-reprocess.sh: $pair is not a positive integer" >&2; exit 64; }
done
log() { printf '==> %s\n' "$*" >&2; }

ARCHIVE="$BENCH_DIR/slices-${SLICES}x${SLICE_KB}kb-seed${SEED}"
OUT="$BENCH_DIR/reprocess-out"
if [[ -d "$ARCHIVE" ]]; then
    log "reusing $ARCHIVE"
else
    log "generating $ARCHIVE"
    rm -rf "$ARCHIVE.partial"
    "$BIN/capture-gen" bench-slices --out "$ARCHIVE.partial" --count "$SLICES" --size-kb "$SLICE_KB" --seed "$SEED" >&2
    mv "$ARCHIVE.partial" "$ARCHIVE"
fi
BYTES="$(du -sb "$ARCHIVE" | cut -f1)"

command=("$BIN/otsensor" reprocess "$ARCHIVE" --out "$OUT" --threads 2 --no-progress)
rm -rf "$OUT"
summary="$("${command[@]}")"
log "reprocess: $summary"
grep -q "$SLICES processed, 0 already done" <<<"$summary" || { echo "bench-reprocess.sh: not every slice was processed" >&2; exit 1; }

HYPERFINE_JSON="$BENCH_DIR/reprocess-hyperfine.json"
# One --prepare per command: the first empties OUT before each run, the second leaves it finished.
hyperfine --warmup 1 --runs "$RUNS" --export-json "$HYPERFINE_JSON" \
    --command-name reprocess-t2 --prepare "rm -rf $OUT" "${command[*]}" \
    --command-name reprocess-skip --prepare true "${command[*]}" >&2

SLICES="$SLICES" BYTES="$BYTES" HYPERFINE_JSON="$HYPERFINE_JSON" ARCHIVE="$ARCHIVE" \
    SUMMARY_JSON="$BENCH_DIR/reprocess-summary.json" python3 - <<'PY'
import json, os
env = os.environ
slices, mb = int(env["SLICES"]), int(env["BYTES"]) / (1 << 20)
variants = []
for r in json.load(open(env["HYPERFINE_JSON"]))["results"]:
    mean = r["mean"]
    variants.append({"name": r["command"], "runs": len(r["times"]), "mean_s": round(mean, 4),
                     "stddev_s": round(r["stddev"] or 0.0, 4), "slices_per_s": round(slices / mean, 1),
                     "mb_per_s": round(mb / mean, 1), "ms_per_slice": round(1000 * mean / slices, 2)})
summary = {"archive": {"path": env["ARCHIVE"], "slices": slices, "mb": round(mb, 1)},
           "units": {"mb": "MiB (2^20 bytes)"}, "variants": variants}
with open(env["SUMMARY_JSON"], "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")
print(f"\nreprocess: {env['ARCHIVE']} ({slices} slices, {mb:.1f} MB, one stream)")
for v in variants:
    print(f"  {v['name']:<16} {v['mean_s']:.3f} ± {v['stddev_s']:.3f} s  {v['slices_per_s']:>7} slices/s  "
          f"{v['mb_per_s']:>6} MB/s  {v['ms_per_slice']} ms/slice")
print(f"summary: {env['SUMMARY_JSON']}")
PY
