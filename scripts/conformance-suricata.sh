#!/usr/bin/env bash
# Suricata conformance of eve.json alerts: runs process-slice --rules over
# every suricata-verify case in ../shared/conformance/suricata/cases with the
# shared runner, then reports the pass rate overall, per tier, for the cases
# whose rules all load (no unsupported keyword), and per failure reason.
#
# usage: scripts/conformance-suricata.sh [--bin DIR] [--tier LIST] [--case PATTERN]
#   --bin DIR        where process-slice is (default: the debug build)
#   --tier LIST      only these case tiers (core, core+file_data, extended)
#   --case PATTERN   only cases whose name matches the shell pattern
#
# Each case runs with the rule variables its case.json options set
# (vars.address-groups.*), through scripts/lib/suricata-case.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="" runner_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        --tier) runner_args+=(--tier "$2"); shift 2 ;;
        --case) runner_args+=(--case "$2"); shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "conformance-suricata: unknown argument $1" >&2; exit 2 ;;
    esac
done
shared="$(cd "${SHARED_DIR:-../shared}" && pwd)"
cases="$shared/conformance/suricata/cases"
[ -d "$cases" ] || { echo "conformance-suricata: $cases not found" >&2; exit 2; }
if [ -z "$bin" ]; then
    swift build --product process-slice >/dev/null
    bin="$(swift build --show-bin-path)"
fi
keep="$(mktemp -d)"
trap 'rm -rf "$keep"' EXIT
PROCESS_SLICE="$bin/process-slice" "$shared/tools/run-suricata-conformance.sh" --keep "$keep" --timeout 120 \
    ${runner_args[@]+"${runner_args[@]}"} "$cases" -- scripts/lib/suricata-case.sh > "$keep/run.txt" 2>&1 || true
python3 scripts/conformance_suricata_report.py "$keep" "$cases"
