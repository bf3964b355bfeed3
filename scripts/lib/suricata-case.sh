#!/usr/bin/env bash
# One suricata-verify case for the conformance runner: PCAP --rules RULES --out DIR.
# Turns the case's rule-variable options (case.json "options",
# vars.address-groups.X / vars.port-groups.X) into a --rule-vars file, and
# replaces the empty DIR the runner made.
set -euo pipefail
pcap="$1"; shift
vars_args=()
if [ -n "${CONFORMANCE_CASE_DIR:-}" ] && [ -f "$CONFORMANCE_CASE_DIR/case.json" ]; then
    vars="$(mktemp)"
    trap 'rm -f "$vars"' EXIT
    python3 - "$CONFORMANCE_CASE_DIR/case.json" > "$vars" <<'PY'
import json, sys
options = json.load(open(sys.argv[1])).get("options", {})
groups = {"address-groups": {}, "port-groups": {}}
items = options.items() if isinstance(options, dict) else [(o.split("=", 1) + [""])[:2] for o in options]
for key, value in items:
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "vars" and parts[1] in groups:
        groups[parts[1]][parts[2]] = value
print("vars:")
for section, names in groups.items():
    if names:
        print(f"  {section}:")
        for name, value in names.items():
            print(f'    {name}: "{value}"')
PY
    vars_args=(--rule-vars "$vars")
fi
status=0
"${PROCESS_SLICE:?}" "$pcap" "$@" ${vars_args[@]+"${vars_args[@]}"} --rules-cache none --force --no-progress --threads 1 || status=$?
# 4: the capture ends inside a record; eve.json holds every complete packet's alerts, as Suricata's would.
[ "$status" -eq 4 ] && status=0
exit "$status"
