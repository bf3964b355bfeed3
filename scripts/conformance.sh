#!/usr/bin/env bash
# Zeek conformance of conn.log, dns.log and http.log: runs process-slice over every case
# in ../shared/conformance/zeek/cases with the shared runner, then reports each
# log's field agreement and every case whose log still differs, with why.
#
# usage: scripts/conformance.sh [--bin DIR] [--check PERCENT] [--update-readme]
#   --bin DIR         where process-slice is (default: the release build)
#   --check PERCENT   exit 1 when conn.log field agreement is below PERCENT
#   --update-readme   rewrite the "Conformance" section of README.md with the result
#
# The corpus was produced by Zeek 9.1, which treats private address space as
# local (Site::private_address_space_is_local), so the run uses
# `--local-nets private`; everything else is process-slice's defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="" check="" update=0
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        --check) check="$2"; shift 2 ;;
        --update-readme) update=1; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "conformance: unknown argument $1" >&2; exit 2 ;;
    esac
done
shared="${SHARED_DIR:-../shared}"
[ -d "$shared/conformance/zeek/cases" ] || { echo "conformance: $shared/conformance/zeek/cases not found" >&2; exit 2; }
if [ -z "$bin" ]; then
    swift build -c release --product process-slice >/dev/null
    bin="$(swift build -c release --show-bin-path)"
fi
keep="$(mktemp -d)"
trap 'rm -rf "$keep"' EXIT
"$shared/tools/run-zeek-conformance.sh" --keep "$keep" "$shared/conformance/zeek/cases" -- \
    "$bin/process-slice" --local-nets private --no-progress > "$keep/run.txt" 2>&1 || true
args=("$keep")
[ -n "$check" ] && args+=(--check "$check")
[ "$update" = 1 ] && args+=(--update-readme README.md)
python3 scripts/conformance_report.py "${args[@]}"
