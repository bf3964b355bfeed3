#!/usr/bin/env python3
"""Summarises a run of the Suricata conformance runner (scripts/conformance-suricata.sh).

usage: conformance_suricata_report.py KEEP_DIR CASES_DIR

KEEP_DIR holds run.txt (the runner's PASS/FAIL lines) and, per case, the
kept output directory (out/manifest.json says which rules were skipped).
Prints the pass rate overall, per case tier, per keyword tier (core:
content/pcre/flow/flowbits/byte_*/threshold; app: http/dns/tls buffers),
for cases whose rules all loaded, and the failing cases grouped by reason.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

APP_PREFIXES = ("http", "dns", "tls", "file", "uricontent", "ja3", "ssh", "smb")


def keyword_tier(case):
    keywords = case.get("keywords", {})
    if any(k.startswith(APP_PREFIXES) for k in keywords):
        return "app"
    if case.get("tier") == "core":
        return "core"
    return "other"


def main():
    keep, cases_dir = sys.argv[1], sys.argv[2]
    results = {}
    for line in open(os.path.join(keep, "run.txt"), errors="replace"):
        m = re.match(r"(PASS|FAIL)  (\S+?)(?::\s*(.*))?$", line.rstrip("\n"))
        if m:
            results[m.group(2)] = (m.group(1) == "PASS", m.group(3) or "")
    if not results:
        print("no case ran; runner output:")
        print(open(os.path.join(keep, "run.txt"), errors="replace").read()[-2000:])
        return 1
    by_tier, by_keyword_tier, supported, reasons = defaultdict(Counter), defaultdict(Counter), Counter(), Counter()
    failing = defaultdict(list)
    for name, (ok, why) in sorted(results.items()):
        case = json.load(open(os.path.join(cases_dir, name, "case.json")))
        verdict = "passed" if ok else "failed"
        by_tier[case.get("tier", "?")][verdict] += 1
        by_keyword_tier[keyword_tier(case)][verdict] += 1
        manifest = os.path.join(keep, name, "out", "manifest.json")
        skipped = {}
        if os.path.exists(manifest):
            skipped = (json.load(open(manifest)).get("rules") or {}).get("skipped", {})
        if not skipped:
            supported[verdict] += 1
        if not ok:
            reason = "rules skipped: " + ", ".join(sorted(skipped)) if skipped else re.sub(r"\d+", "N", why)[:80]
            reasons[reason] += 1
            failing[reason].append(name)

    def rate(c):
        total = c["passed"] + c["failed"]
        return f"{c['passed']}/{total} ({100.0 * c['passed'] / total:.1f}%)" if total else "0/0"

    total = Counter()
    for c in by_tier.values():
        total.update(c)
    print(f"{total['passed']} passed, {total['failed']} failed")
    print(f"overall: {rate(total)}")
    for tier in sorted(by_tier):
        print(f"case tier {tier}: {rate(by_tier[tier])}")
    for tier in sorted(by_keyword_tier):
        print(f"keyword tier {tier}: {rate(by_keyword_tier[tier])}")
    print(f"cases whose rules all loaded: {rate(supported)}")
    print("failures by reason:")
    for reason, count in reasons.most_common():
        names = failing[reason]
        print(f"  {count:4d}  {reason}  e.g. {', '.join(names[:4])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
