#!/usr/bin/env bash
# bench.sh: how fast is process-slice, measured against a bare libpcap read?
#
# Usage: scripts/bench.sh [--help]
#
# Builds the package in release, makes (once) two reproducible captures with
# capture-gen, and on each times whole processes with hyperfine:
#   bare-read      pcap-bare-read FILE                       (libpcap alone: the yardstick)
#   read+sha256    pcap-bare-read --sha256 FILE              (libpcap + the input's SHA-256 on a
#                                                             second thread: process-slice's floor)
#   slice-t1       process-slice FILE --threads 1            (every log)
#   slice-t2       process-slice FILE --threads 2            (every log)
#   conn-only-t2   process-slice FILE --threads 2 --conn-only
#   conn-only-t2-sidecar  the same on the production path: the input's digest comes from
#                  FILE.sha256, as `otsensor capture` writes it, instead of being computed
# and measures each one's peak RSS with /usr/bin/time -v. From each process-slice
# run's manifest (run.cpu_seconds) it reports CPU ns/packet by stage: read (copying
# out of libpcap), decode, fragments, analysis, log writing, digest; and splits
# analysis into flows (the conn-only run's) and analyzers (the rest). The captures:
#   conn  `capture-gen bench`: many concurrent TCP/UDP flows (the slice engine)
#   ot    `capture-gen ot-bench`: S7 polling sessions and CC-Link cyclic frames
#         (the OT analyzers; full vs conn-only shows what they cost)
#   many  `capture-gen bench --flows 200000`: the conn mix with as many open flows
#         as a busy real slice, where table size and cache misses set the cost
# For the conn and many captures, scripts/bench-state.sh then times carried state
# (--state): saving every connection open at the end, and loading them into the
# next slice.
# And, with scripts/bench-reprocess.sh, `otsensor reprocess` in slices/s over an
# archive of 200 small slices made by `capture-gen bench-slices` (settings in its
# header: BENCH_SLICES, BENCH_SLICE_KB).
# Prints a table per capture (mean wall time, packets/s, MB/s, ratio to the
# bare read, peak RSS) and the targets, and writes the same to
# $BENCH_DIR/<label>-summary.json. Each table ends with the serial share of the
# two-thread runs and the speed-up Amdahl's law then allows on 4, 8 and 16
# cores (see the note printed with it).
# A missed target is reported, not an error: the exit status is 0 whenever the
# benchmark itself ran.
#
# Environment:
#   BENCH_SIZE_MB  capture size in MiB (capture-gen --size-mb)     default 500
#   BENCH_RUNS     timed runs per variant (after one warm-up run)  default 5
#   BENCH_DIR      capture, outputs and results go here            default bench-data
#   BENCH_SEED     capture-gen --seed                              default 1
#   BENCH_FLOWS    capture-gen --flows                             default 4000
#   BENCH_OT_SIZE_MB  size of the OT capture in MiB                default 200
#   BENCH_MANY_FLOWS   open flows of the many-flows capture        default 200000
#   BENCH_MANY_SIZE_MB size of the many-flows capture in MiB       default 500
#   BENCH_SUITE    all, conn, ot, many or reprocess                default all
#   SCRATCH        swift build --scratch-path (default: .build)
#
# A capture is named after its size, seed (and flow count) and is reused when
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
OT_SIZE_MB="${BENCH_OT_SIZE_MB:-200}"
MANY_FLOWS="${BENCH_MANY_FLOWS:-200000}"
MANY_SIZE_MB="${BENCH_MANY_SIZE_MB:-500}"
SUITE="${BENCH_SUITE:-all}"
case "$SUITE" in all|conn|ot|many|reprocess) ;; *) echo "bench.sh: BENCH_SUITE must be all, conn, ot, many or reprocess" >&2; exit 64 ;; esac

for pair in "BENCH_SIZE_MB=$SIZE_MB" "BENCH_RUNS=$RUNS" "BENCH_SEED=$SEED" "BENCH_FLOWS=$FLOWS" "BENCH_OT_SIZE_MB=$OT_SIZE_MB" \
            "BENCH_MANY_FLOWS=$MANY_FLOWS" "BENCH_MANY_SIZE_MB=$MANY_SIZE_MB"; do
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
for tool in capture-gen pcap-bare-read process-slice otsensor; do
    [[ -x "$BIN/$tool" ]] || { echo "bench.sh: $BIN/$tool was not built" >&2; exit 1; }
done

# --- captures ------------------------------------------------------------------
mkdir -p "$BENCH_DIR"
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"

# make_capture FILE ARGS...: runs capture-gen ARGS --out FILE once; reused later.
# Written under a temporary name and renamed when complete, so an interrupted
# generation is never mistaken for a finished capture.
make_capture() {
    local file="$1"; shift
    if [[ -s "$file" ]]; then log "reusing $file"; return; fi
    log "generating $file"
    "$BIN/capture-gen" "$@" --out "$file.partial" >&2
    mv -f "$file.partial" "$file"
}

# bench_capture LABEL FILE: times bare read, process-slice (all logs) with 1 and
# 2 threads, and process-slice --conn-only with 2 threads on FILE; peak RSS of
# each; writes $BENCH_DIR/LABEL-summary.json and prints a table.
bench_capture() {
    local label="$1" capture="$2"
    local bare_out packets
    bare_out="$("$BIN/pcap-bare-read" "$capture")"
    packets="$(sed -n 's/^packets=\([0-9]*\) .*/\1/p' <<<"$bare_out")"
    [[ -n "$packets" ]] || { echo "bench.sh: unexpected pcap-bare-read output: $bare_out" >&2; exit 1; }
    log "$label: $bare_out"
    for path in "$BIN" "$capture" "$BENCH_DIR"; do
        [[ "$path" != *[[:space:]]* ]] || { echo "bench.sh: paths with spaces are not supported: $path" >&2; exit 64; }
    done
    # The production path: a hard link to the capture with the digest sidecar
    # capture writes; the other variants keep computing the digest.
    local with_digest="${capture%.*}-with-digest.${capture##*.}"
    ln -f "$capture" "$with_digest"
    (cd "$(dirname "$with_digest")" && sha256sum "$(basename "$with_digest")" >"$(basename "$with_digest").sha256")
    local names=(bare-read read+sha256 slice-t1 slice-t2 conn-only-t2 conn-only-t2-sidecar)
    local commands=(
        "$BIN/pcap-bare-read $capture"
        "$BIN/pcap-bare-read --sha256 $capture"
        "$BIN/process-slice $capture --out $BENCH_DIR/$label-out-t1 --force --threads 1 --no-progress"
        "$BIN/process-slice $capture --out $BENCH_DIR/$label-out-t2 --force --threads 2 --no-progress"
        "$BIN/process-slice $capture --out $BENCH_DIR/$label-out-conn --force --threads 2 --no-progress --conn-only"
        "$BIN/process-slice $with_digest --out $BENCH_DIR/$label-out-sidecar --force --threads 2 --no-progress --conn-only"
    )
    local rss="" read_counts=""
    for i in "${!names[@]}"; do
        local name="${names[$i]}" stdout_file="$BENCH_DIR/$label-${names[$i]}.stdout" time_file="$BENCH_DIR/$label-${names[$i]}.time"
        log "$label: peak RSS of $name"
        # shellcheck disable=SC2086  # the command is split on purpose
        if ! /usr/bin/time -v -o "$time_file" ${commands[$i]} >"$stdout_file"; then
            echo "bench.sh: $name failed:" >&2; cat "$stdout_file" >&2; exit 1
        fi
        rss+="$name=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$time_file");"
        # process-slice prints "wrote DIR (N packets, ...)": check it read them all.
        read_counts+="$name=$(sed -n 's/^wrote .* (\([0-9]*\) packets.*/\1/p' "$stdout_file");"
    done
    local hyperfine_json="$BENCH_DIR/$label-hyperfine.json"
    local hyperfine_args=(--warmup 1 --runs "$RUNS" --export-json "$hyperfine_json")
    for i in "${!names[@]}"; do hyperfine_args+=(--command-name "${names[$i]}" "${commands[$i]}"); done
    log "$label: hyperfine, 1 warm-up + $RUNS runs of each"
    hyperfine "${hyperfine_args[@]}" >&2
    LABEL="$label" CAPTURE="$capture" FILE_BYTES="$(stat -c %s "$capture")" PACKETS="$packets" \
        HYPERFINE_JSON="$hyperfine_json" RSS="$rss" READ_COUNTS="$read_counts" \
        OUTPUTS="slice-t1=$BENCH_DIR/$label-out-t1;slice-t2=$BENCH_DIR/$label-out-t2;conn-only-t2=$BENCH_DIR/$label-out-conn;conn-only-t2-sidecar=$BENCH_DIR/$label-out-sidecar" \
        SUMMARY_JSON="$BENCH_DIR/$label-summary.json" python3 "$SUMMARY_PY"
}

SUMMARY_PY="$BENCH_DIR/.summary.py"
cat >"$SUMMARY_PY" <<'PY'
import json, os, datetime, subprocess

env = os.environ
runs = {r["command"]: r for r in json.load(open(env["HYPERFINE_JSON"]))["results"]}
def pairs(text):
    return dict(p.split("=", 1) for p in text.split(";") if p)
rss_kb, read_counts = pairs(env["RSS"]), pairs(env["READ_COUNTS"])
mib = 1 << 20
file_bytes, packets = int(env["FILE_BYTES"]), int(env["PACKETS"])
bare_mean = runs["bare-read"]["mean"]
threads = {"bare-read": None, "read+sha256": 2, "slice-t1": 1, "slice-t2": 2, "conn-only-t2": 2,
           "conn-only-t2-sidecar": 2}

variants = []
for name in ("bare-read", "read+sha256", "slice-t1", "slice-t2", "conn-only-t2", "conn-only-t2-sidecar"):
    r = runs[name]
    mean = r["mean"]
    rss = int(rss_kb[name]) / 1024 if rss_kb.get(name) else None
    variants.append({
        "name": name, "command": r["command"], "threads": threads[name], "runs": len(r["times"]),
        "mean_s": round(mean, 4), "stddev_s": round(r["stddev"] or 0.0, 4),
        "min_s": round(r["min"], 4), "max_s": round(r["max"], 4),
        "user_s": round(r["user"], 3), "system_s": round(r["system"], 3),
        "packets_per_s": round(packets / mean), "mb_per_s": round(file_bytes / mib / mean, 1),
        "ratio_to_bare": round(mean / bare_mean, 2),
        "peak_rss_mb": round(rss, 1) if rss is not None else None,
    })
by = {v["name"]: v for v in variants}
ratio_t2 = by["slice-t2"]["ratio_to_bare"]
ratio_conn = by["conn-only-t2"]["ratio_to_bare"]
full_over_conn = round(by["slice-t2"]["mean_s"] / by["conn-only-t2"]["mean_s"], 2)
rss_max = max(v["peak_rss_mb"] or 0 for v in variants[2:])
floor = by["read+sha256"]["ratio_to_bare"]
all_logs_limit = 4.0 if env["LABEL"] == "ot" else 3.0
targets = [
    {"target": f"threads=2 ratio <= {all_logs_limit} (all logs)", "value": ratio_t2, "met": ratio_t2 <= all_logs_limit},
    {"target": "threads=2 ratio <= 2.5 (conn-only, digest computed)", "value": ratio_conn, "met": ratio_conn <= 2.5},
    {"target": "threads=2 ratio <= 2.0 (conn-only, digest from the capture's sidecar: the production path)",
     "value": by["conn-only-t2-sidecar"]["ratio_to_bare"], "met": by["conn-only-t2-sidecar"]["ratio_to_bare"] <= 2.0},
    {"target": "analyzers do not halve conn-only throughput (full/conn-only time < 2.0)",
     "value": full_over_conn, "met": full_over_conn < 2.0},
    {"target": "peak RSS < 512 MB", "value": rss_max, "met": rss_max < 512},
]
notes = [f"floor: reading plus the manifest's input SHA-256 alone takes {floor}x the bare read; "
         "no process-slice run can go below it"]

# Amdahl's law, read backwards from a two-thread run: if a share s of the CPU
# work is serial and the rest spreads evenly over both cores, wall = CPU * (s +
# (1 - s) / 2), so s = 2 * wall / CPU - 1. That share caps the speed-up on n
# cores at 1 / (s + (1 - s) / n). It assumes the run is CPU-bound and the
# parallel part scales perfectly, so the projection is an upper bound.
def amdahl(v):
    cpu = v["user_s"] + v["system_s"]
    serial = min(1.0, max(0.0, 2 * v["mean_s"] / cpu - 1)) if cpu > 0 else 1.0
    return {"variant": v["name"], "cpu_s": round(cpu, 3), "cores_busy": round(cpu / v["mean_s"], 2),
            "serial_share": round(serial, 3),
            "speedup_allowed": {str(n): round(1 / (serial + (1 - serial) / n), 2) for n in (4, 8, 16)}}
scaling = [amdahl(by[n]) for n in ("slice-t2", "conn-only-t2")]
notes.append("scaling: serial share = 2 x wall / CPU - 1 of a two-thread run; the speed-ups are what "
             "Amdahl's law allows with that share (an upper bound: perfect scaling of the rest is assumed)")
warnings = [f"{n} reported {c} packets read; pcap-bare-read counted {packets}"
            for n, c in read_counts.items() if c and int(c) != packets]

# CPU ns/packet by stage, from the manifest of each variant's last run.
stage_names = ("read", "decode", "fragments", "analysis", "log_writing", "digest", "process")
stages = {}
for name, directory in pairs(env["OUTPUTS"]).items():
    try:
        cpu = json.load(open(os.path.join(directory, "manifest.json")))["run"]["cpu_seconds"]
    except (OSError, KeyError, ValueError) as error:
        warnings.append(f"{name}: no per-stage CPU times in its manifest ({error})")
        continue
    stages[name] = {k: round(cpu[k] * 1e9 / packets, 1) for k in stage_names}
    stages[name]["unaccounted"] = round(stages[name]["process"] - sum(stages[name][k] for k in stage_names[:-1]), 1)
if "slice-t2" in stages and "conn-only-t2" in stages:
    stages["slice-t2"]["flows"] = stages["conn-only-t2"]["analysis"]
    stages["slice-t2"]["analyzers"] = round(stages["slice-t2"]["analysis"] - stages["conn-only-t2"]["analysis"], 1)
notes.append("stages: CPU ns/packet summed over threads; unaccounted = the process's CPU outside the stages "
             "(start-up, rule and database loading, thread hand-offs); in slice-t2, flows is the conn-only run's "
             "analysis and analyzers the rest of its analysis")
git = lambda *a: subprocess.run(["git", *a], capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
summary = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "git_commit": git("rev-parse", "--short", "HEAD") or "unknown", "git_dirty": bool(git("status", "--porcelain")),
    "machine": {"cpu": cpu, "cores": os.cpu_count()},
    "capture": {"label": env["LABEL"], "path": env["CAPTURE"], "bytes": file_bytes,
                "mb": round(file_bytes / mib, 1), "packets": packets},
    "units": {"mb": "MiB (2^20 bytes)", "ratio_to_bare": "mean / bare-read mean"},
    "variants": variants, "targets": targets, "scaling": scaling, "stages_ns_per_packet": stages,
    "notes": notes, "warnings": warnings,
}
with open(env["SUMMARY_JSON"], "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")

print()
print(f"{env['LABEL']} capture: {env['CAPTURE']} ({summary['capture']['mb']} MB, {packets:,} packets)")
print(f"machine: {cpu}, {os.cpu_count()} cores; commit {summary['git_commit']}"
      f"{' (dirty tree)' if summary['git_dirty'] else ''}")
header = ("variant", "mean wall s", "packets/s", "MB/s", "x bare", "peak RSS MB")
rows = [(v["name"], f"{v['mean_s']:.3f} ± {v['stddev_s']:.3f}", f"{v['packets_per_s']:,}", f"{v['mb_per_s']:.1f}",
         f"{v['ratio_to_bare']:.2f}", f"{v['peak_rss_mb']:.1f}" if v["peak_rss_mb"] is not None else "?")
        for v in variants]
widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
print(line(header))
print("  ".join("-" * w for w in widths))
for r in rows:
    print(line(r))
if stages:
    columns = ("read", "decode", "fragments", "analysis", "flows", "analyzers", "log_writing", "digest",
               "unaccounted", "process")
    print()
    print("CPU ns/packet by stage:")
    stage_rows = [(n, *[f"{s[c]:.0f}" if c in s else "" for c in columns]) for n, s in stages.items()]
    stage_header = ("variant", *columns)
    stage_widths = [max(len(r[i]) for r in stage_rows + [stage_header]) for i in range(len(stage_header))]
    for r in [stage_header] + stage_rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, stage_widths))))
    print()
for t in targets:
    print(f"  {t['target']}: {t['value']} — {'met' if t['met'] else 'NOT met'}")
for a in scaling:
    allowed = ", ".join(f"{n} cores {x}x" for n, x in a["speedup_allowed"].items())
    print(f"  {a['variant']}: {a['cores_busy']} cores busy, serial share {a['serial_share']:.1%}; "
          f"Amdahl allows {allowed}")
for n in notes:
    print(f"  {n}")
for w in warnings:
    print(f"warning: {w}")
print(f"summary: {env['SUMMARY_JSON']}")
PY

if [[ "$SUITE" == all || "$SUITE" == conn ]]; then
    CAPTURE="$BENCH_DIR/bench-${SIZE_MB}mb-seed${SEED}-flows${FLOWS}.pcap"
    make_capture "$CAPTURE" bench --size-mb "$SIZE_MB" --seed "$SEED" --flows "$FLOWS"
    bench_capture conn "$CAPTURE"
    scripts/bench-state.sh "$BIN" "$BENCH_DIR" "$CAPTURE" conn
fi
if [[ "$SUITE" == all || "$SUITE" == ot ]]; then
    OT_CAPTURE="$BENCH_DIR/ot-${OT_SIZE_MB}mb-seed${SEED}.pcap"
    make_capture "$OT_CAPTURE" ot-bench --size-mb "$OT_SIZE_MB" --seed "$SEED"
    bench_capture ot "$OT_CAPTURE"
fi
if [[ "$SUITE" == all || "$SUITE" == many ]]; then
    MANY_CAPTURE="$BENCH_DIR/bench-${MANY_SIZE_MB}mb-seed${SEED}-flows${MANY_FLOWS}.pcap"
    make_capture "$MANY_CAPTURE" bench --size-mb "$MANY_SIZE_MB" --seed "$SEED" --flows "$MANY_FLOWS"
    bench_capture many "$MANY_CAPTURE"
    scripts/bench-state.sh "$BIN" "$BENCH_DIR" "$MANY_CAPTURE" many
fi
if [[ "$SUITE" == all || "$SUITE" == reprocess ]]; then
    scripts/bench-reprocess.sh "$BIN" "$BENCH_DIR"
fi
