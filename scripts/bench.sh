#!/usr/bin/env bash
# bench.sh: how fast is process-slice, measured against a bare libpcap read?
#
# Usage: scripts/bench.sh [--help]
#
# Builds the package in release, makes (once) a reproducible benchmark capture
# with capture-gen, then times whole processes with hyperfine:
#   bare-read      pcap-bare-read FILE           (libpcap alone: the floor)
#   slice-t1       process-slice FILE --threads 1
#   slice-t2       process-slice FILE --threads 2
# and measures each one's peak RSS with /usr/bin/time -v. Prints a table
# (mean wall time, packets/s, MB/s, ratio to the bare read, peak RSS) and the
# spec's targets, and writes the same summary to $BENCH_DIR/bench-summary.json.
# A missed target is reported, not an error: the exit status is 0 whenever the
# benchmark itself ran.
#
# Environment:
#   BENCH_SIZE_MB  capture size in MiB (capture-gen --size-mb)     default 500
#   BENCH_RUNS     timed runs per variant (after one warm-up run)  default 5
#   BENCH_DIR      capture, outputs and results go here            default bench-data
#   BENCH_SEED     capture-gen --seed                              default 1
#   BENCH_FLOWS    capture-gen --flows                             default 4000
#   SCRATCH        swift build --scratch-path (default: .build)
#
# The capture is named after its size, seed and flow count and is reused when
# it already exists, so a second run skips generation. hyperfine and GNU time
# are installed from Debian's packages when missing (needs root or sudo).
#
# MB here is MiB (2^20 bytes), the unit of capture-gen's --size-mb.
#
# Example, a quick check:  BENCH_SIZE_MB=50 BENCH_RUNS=2 scripts/bench.sh
set -euo pipefail

if [[ $# -gt 0 ]]; then
    case "$1" in
        -h|--help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *)
            echo "bench.sh: unknown argument '$1' (settings are environment variables; see --help)" >&2
            exit 64 ;;
    esac
fi

SIZE_MB="${BENCH_SIZE_MB:-500}"
RUNS="${BENCH_RUNS:-5}"
BENCH_DIR="${BENCH_DIR:-bench-data}"
SEED="${BENCH_SEED:-1}"
FLOWS="${BENCH_FLOWS:-4000}"

for pair in "BENCH_SIZE_MB=$SIZE_MB" "BENCH_RUNS=$RUNS" "BENCH_SEED=$SEED" "BENCH_FLOWS=$FLOWS"; do
    if ! [[ "${pair#*=}" =~ ^[0-9]+$ ]] || [[ "${pair#*=}" -eq 0 && "${pair%%=*}" != BENCH_SEED ]]; then
        echo "bench.sh: $pair is not a positive integer" >&2
        exit 64
    fi
done

log() { printf '==> %s\n' "$*" >&2; }

# Run from the package root whatever the caller's directory; BENCH_DIR and
# SCRATCH, when relative, are relative to it.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# --- tools -------------------------------------------------------------------
apt_install() {
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null; then sudo=(sudo); else
            echo "bench.sh: $* is missing and installing it needs root (apt-get install $*)" >&2
            exit 1
        fi
    fi
    log "installing $* from Debian's packages"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null
}
command -v hyperfine >/dev/null || apt_install hyperfine
[[ -x /usr/bin/time ]] || apt_install time
command -v python3 >/dev/null || apt_install python3

# --- build -------------------------------------------------------------------
build_args=(-c release)
if [[ -n "${SCRATCH:-}" ]]; then build_args+=(--scratch-path "$SCRATCH"); fi
log "swift build ${build_args[*]}"
swift build "${build_args[@]}"
BIN="$(swift build "${build_args[@]}" --show-bin-path)"
for tool in capture-gen pcap-bare-read process-slice; do
    [[ -x "$BIN/$tool" ]] || { echo "bench.sh: $BIN/$tool was not built" >&2; exit 1; }
done

# --- capture -----------------------------------------------------------------
mkdir -p "$BENCH_DIR"
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"
CAPTURE="$BENCH_DIR/bench-${SIZE_MB}mb-seed${SEED}-flows${FLOWS}.pcap"
if [[ -s "$CAPTURE" ]]; then
    log "reusing $CAPTURE"
else
    # Written under a temporary name and renamed when complete, so an
    # interrupted generation is never mistaken for a finished capture.
    log "generating $CAPTURE"
    "$BIN/capture-gen" bench --out "$CAPTURE.partial" --size-mb "$SIZE_MB" --seed "$SEED" --flows "$FLOWS" >&2
    mv -f "$CAPTURE.partial" "$CAPTURE"
fi
FILE_BYTES="$(stat -c %s "$CAPTURE")"

# --- packet count, and a check that every program runs ----------------------
BARE_OUT="$("$BIN/pcap-bare-read" "$CAPTURE")"
PACKETS="$(sed -n 's/^packets=\([0-9]*\) .*/\1/p' <<<"$BARE_OUT")"
[[ -n "$PACKETS" ]] || { echo "bench.sh: unexpected pcap-bare-read output: $BARE_OUT" >&2; exit 1; }
log "$BARE_OUT"

OUT_T1="$BENCH_DIR/out-threads1"
OUT_T2="$BENCH_DIR/out-threads2"
names=(bare-read slice-t1 slice-t2)
commands=(
    "$BIN/pcap-bare-read $CAPTURE"
    "$BIN/process-slice $CAPTURE --out $OUT_T1 --force --threads 1 --no-progress"
    "$BIN/process-slice $CAPTURE --out $OUT_T2 --force --threads 2 --no-progress"
)
for path in "$BIN" "$CAPTURE" "$BENCH_DIR"; do
    [[ "$path" != *[[:space:]]* ]] || { echo "bench.sh: paths with spaces are not supported: $path" >&2; exit 64; }
done

# --- peak RSS: one run of each under GNU time ---------------------------------
declare -A RSS_KB SLICE_PACKETS
for i in "${!names[@]}"; do
    name="${names[$i]}"
    log "peak RSS of $name"
    stdout_file="$BENCH_DIR/$name.stdout"
    time_file="$BENCH_DIR/$name.time"
    # shellcheck disable=SC2086  # the command is split on purpose
    if ! /usr/bin/time -v -o "$time_file" ${commands[$i]} >"$stdout_file"; then
        echo "bench.sh: $name failed:" >&2; cat "$stdout_file" >&2; exit 1
    fi
    RSS_KB[$name]="$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$time_file")"
    # process-slice prints "wrote DIR (N packets, ...)": check it read them all.
    SLICE_PACKETS[$name]="$(sed -n 's/^wrote .* (\([0-9]*\) packets.*/\1/p' "$stdout_file")"
done

# --- wall time --------------------------------------------------------------
HYPERFINE_JSON="$BENCH_DIR/hyperfine.json"
hyperfine_args=(--warmup 1 --runs "$RUNS" --export-json "$HYPERFINE_JSON")
for i in "${!names[@]}"; do hyperfine_args+=(--command-name "${names[$i]}" "${commands[$i]}"); done
log "hyperfine: 1 warm-up + $RUNS runs of each"
hyperfine "${hyperfine_args[@]}" >&2

# --- summary ----------------------------------------------------------------
export HYPERFINE_JSON CAPTURE FILE_BYTES PACKETS SIZE_MB SEED FLOWS RUNS
export SUMMARY_JSON="$BENCH_DIR/bench-summary.json"
export RSS_BARE="${RSS_KB[bare-read]}" RSS_T1="${RSS_KB[slice-t1]}" RSS_T2="${RSS_KB[slice-t2]}"
export PKTS_T1="${SLICE_PACKETS[slice-t1]}" PKTS_T2="${SLICE_PACKETS[slice-t2]}"
export CMD_BARE="${commands[0]}" CMD_T1="${commands[1]}" CMD_T2="${commands[2]}"
GIT_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
GIT_DIRTY="$(git status --porcelain 2>/dev/null | grep -q . && echo true || echo false)"
CPU_MODEL="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
CORES="$(nproc)"
export GIT_COMMIT GIT_DIRTY CPU_MODEL CORES
python3 - <<'PY'
import json, os, datetime

env = os.environ
runs = {r["command"]: r for r in json.load(open(env["HYPERFINE_JSON"]))["results"]}
mib = 1 << 20
file_bytes = int(env["FILE_BYTES"])
packets = int(env["PACKETS"])
rss_kb = {"bare-read": env["RSS_BARE"], "slice-t1": env["RSS_T1"], "slice-t2": env["RSS_T2"]}
threads = {"bare-read": None, "slice-t1": 1, "slice-t2": 2}
commands = {"bare-read": env["CMD_BARE"], "slice-t1": env["CMD_T1"], "slice-t2": env["CMD_T2"]}
bare_mean = runs["bare-read"]["mean"]

variants = []
for name in ("bare-read", "slice-t1", "slice-t2"):
    r = runs[name]
    mean, stddev = r["mean"], r["stddev"] or 0.0
    rss = int(rss_kb[name]) / 1024 if rss_kb[name] else None
    variants.append({
        "name": name,
        "command": commands[name],
        "threads": threads[name],
        "runs": len(r["times"]),
        "mean_s": round(mean, 4),
        "stddev_s": round(stddev, 4),
        "min_s": round(r["min"], 4),
        "max_s": round(r["max"], 4),
        "user_s": round(r["user"], 3),
        "system_s": round(r["system"], 3),
        "packets_per_s": round(packets / mean),
        "mb_per_s": round(file_bytes / mib / mean, 1),
        "ratio_to_bare": round(mean / bare_mean, 2),
        "peak_rss_mb": round(rss, 1) if rss is not None else None,
    })
by = {v["name"]: v for v in variants}

ratio_t2 = by["slice-t2"]["ratio_to_bare"]
slice_rss = [by[n]["peak_rss_mb"] for n in ("slice-t1", "slice-t2")]
rss_max = max(x for x in slice_rss if x is not None) if any(x is not None for x in slice_rss) else None
targets = [
    {"target": "threads=2 ratio <= 2.0", "value": ratio_t2, "met": ratio_t2 <= 2.0},
    {"target": "peak RSS < 512 MB", "value": rss_max, "met": rss_max is not None and rss_max < 512},
]
warnings = []
for name, key in (("slice-t1", "PKTS_T1"), ("slice-t2", "PKTS_T2")):
    got = env.get(key, "")
    if got and int(got) != packets:
        warnings.append(f"{name} reported {got} packets read; pcap-bare-read counted {packets}")

summary = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "git_commit": env["GIT_COMMIT"], "git_dirty": env["GIT_DIRTY"] == "true",
    "machine": {"cpu": env["CPU_MODEL"], "cores": int(env["CORES"])},
    "capture": {"path": env["CAPTURE"], "bytes": file_bytes, "mb": round(file_bytes / mib, 1),
                "packets": packets, "size_mb_requested": int(env["SIZE_MB"]),
                "seed": int(env["SEED"]), "flows": int(env["FLOWS"])},
    "hyperfine": {"warmup": 1, "runs": int(env["RUNS"])},
    "units": {"mb": "MiB (2^20 bytes)", "ratio_to_bare": "mean / bare-read mean"},
    "variants": variants,
    "targets": targets,
    "warnings": warnings,
}
with open(env["SUMMARY_JSON"], "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")

cap = summary["capture"]
print()
print(f"capture: {cap['path']}")
print(f"         {cap['mb']} MB, {packets:,} packets, seed {cap['seed']}, {cap['flows']} flows")
print(f"machine: {summary['machine']['cpu']}, {summary['machine']['cores']} cores; "
      f"commit {summary['git_commit']}{' (dirty tree)' if summary['git_dirty'] else ''}; "
      f"{summary['hyperfine']['runs']} runs after 1 warm-up")
print()
header = ("variant", "mean wall s", "packets/s", "MB/s", "x bare", "peak RSS MB")
rows = []
for v in variants:
    rows.append((v["name"], f"{v['mean_s']:.3f} ± {v['stddev_s']:.3f}", f"{v['packets_per_s']:,}",
                 f"{v['mb_per_s']:.1f}", f"{v['ratio_to_bare']:.2f}",
                 f"{v['peak_rss_mb']:.1f}" if v["peak_rss_mb"] is not None else "?"))
widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
def line(cells):
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
print(line(header))
print("  ".join("-" * w for w in widths))
for r in rows:
    print(line(r))
print()
print("target: threads=2 ratio <= 2.0, peak RSS < 512 MB")
print(f"  threads=2 ratio {ratio_t2:.2f}: {'met' if targets[0]['met'] else 'NOT met'}")
rss_text = f"{rss_max:.1f} MB" if rss_max is not None else "unknown"
print(f"  peak RSS (largest process-slice run) {rss_text}: {'met' if targets[1]['met'] else 'NOT met'}")
for w in warnings:
    print(f"warning: {w}")
print()
print(f"summary: {env['SUMMARY_JSON']}")
PY
