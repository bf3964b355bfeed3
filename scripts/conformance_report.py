#!/usr/bin/env python3
"""Summarises a kept run of run-zeek-conformance.sh for conn.log.

usage: conformance_report.py KEEP_DIR [--check PERCENT] [--update-readme README.md]

Reads KEEP_DIR/<case>/zeekdiff.json, prints the conn.log field agreement and
the cases whose conn.log differs with their differing fields and the known
reason, and optionally rewrites the README section between the markers
<!-- conformance:begin --> and <!-- conformance:end -->.
"""
import argparse
import glob
import json
import os
import re
import sys

# Why a case still differs, by case-name pattern: what otsensor does not
# (yet) do that Zeek did for that trace. First match wins.
REASONS = [
    (r"tunnels\.gre|erspan|gre-pptp|aruba", "GRE/ERSPAN decapsulation is not implemented yet: inner flows are missing"),
    (r"tunnels\.(teredo|ayiya|gtp|geneve|vxlan)|analyzer-confirmation|count-default-tunnel", "UDP tunnel decapsulation (Teredo, AYIYA, GTP-U, Geneve, VXLAN) is not implemented yet: inner flows are missing"),
    (r"vntag|cisco-fabric-path", "VN-Tag / Cisco FabricPath link headers are not decoded yet"),
    (r"quic|ldap|dhcp|socks|ssh|http|ntp|zip|smtp|mysql|postgresql|ftp|imap|irc|xmpp|syslog|rdp|websocket|dns|modbus",
     "an application analyzer Zeek ran (service detection or a DNS-style role flip) is not implemented yet"),
    (r"flip|conn-size", "role flip triggered by an application analyzer"),
    (r"checksums", "Zeek skipped a per-network checksum exception this run does not know"),
]


def reason_for(case):
    for pattern, text in REASONS:
        if re.search(pattern, case):
            return text
    return "not yet analysed"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("keep")
    ap.add_argument("--check", type=float)
    ap.add_argument("--update-readme")
    args = ap.parse_args()

    matched = expected = cases = passing = 0
    differing = []
    for path in sorted(glob.glob(os.path.join(args.keep, "*", "zeekdiff.json"))):
        case = os.path.basename(os.path.dirname(path))
        try:
            result = json.load(open(path))
        except ValueError:
            continue
        log = result.get("logs", {}).get("conn.log")
        if not log:
            continue
        cases += 1
        matched += log.get("matched_fields", 0)
        expected += log.get("expected_fields", 0)
        if log.get("pass"):
            passing += 1
            continue
        fields = sorted(name for name, f in log.get("fields", {}).items() if f.get("matched", 0) < f.get("compared", 0))
        missing = log.get("missing", 0)
        differing.append((case, fields, missing, log.get("expected", 0), reason_for(case)))

    agreement = 100.0 * matched / expected if expected else 0.0
    lines = [
        f"conn.log field agreement: **{agreement:.2f}%** ({matched}/{expected} fields) over {cases} cases with a conn.log; "
        f"{passing} cases agree on every record and field.",
        "",
        "| case | records missing | fields that differ | why |",
        "| --- | --- | --- | --- |",
    ]
    for case, fields, missing, total, why in differing:
        lines.append(f"| {case} | {missing}/{total} | {', '.join(fields) or '-'} | {why} |")
    report = "\n".join(lines)
    print(report)

    if args.update_readme:
        text = open(args.update_readme).read()
        begin, end = "<!-- conformance:begin -->", "<!-- conformance:end -->"
        if begin not in text or end not in text:
            sys.exit("README has no conformance markers")
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        open(args.update_readme, "w").write(head + begin + "\n" + report + "\n" + end + tail)

    if args.check is not None and agreement < args.check:
        print(f"conn.log field agreement {agreement:.2f}% is below {args.check}%", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
