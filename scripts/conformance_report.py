#!/usr/bin/env python3
"""Summarises a kept run of run-zeek-conformance.sh for conn.log, dns.log and http.log.

usage: conformance_report.py KEEP_DIR [--check PERCENT] [--update-readme README.md]

Reads KEEP_DIR/<case>/zeekdiff.json and prints, for each log, the field
agreement and the cases whose log differs with their differing fields and the
known reason; optionally rewrites the README section between the markers
<!-- conformance:begin --> and <!-- conformance:end -->. --check applies to
conn.log.
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
    (r"^core\.checksums_ignore_nets$", "Zeek ran in bare mode with no analyzers loaded, hence no likely server ports, and kept the SYN-ACK sender as originator; otsensor applies the full port list"),
    (r"^core\.conn-size-flip", "current Zeek flips a connection whose first packet is a SYN-ACK between two non-server ports; the rules of LOGS.md section 5.2 (Zeek 5.0) do not"),
    (r"^core\.(local-flip|tcp\.flip-without-syn)$|flip-content-line-orig", "the connection began with a SYN-ACK: current Zeek's TCP code flips it at its first ACK, LOGS.md section 5.2 (Zeek 5.0) does not"),
    (r"misordered-ntp", "Zeek's NTP analyzer flipped the roles; otsensor flips them too, but its conn_state and counts differ"),
    (r"dhcp-all-msg-types", "Zeek 9.1 treats 68/udp as a DHCP server port; LOGS.md appendix A (the sensor's Zeek 5.0) does not, and otsensor follows LOGS.md"),
    (r"ftp-max-command-length", "not yet analysed (history differs)"),
    (r"gre-aruba-amsdu", "Zeek ran in bare mode (no likely server ports) and kept the sender of the first packet, port 443, as originator; otsensor flips it"),
    (r"tunnels\.(vxlan|count-default-tunnel-changes|gtp\.different)", "current Zeek's history letter X on tunnelled connections (not in LOGS.md) and application services"),
    (r"tunnels\.(teredo|geneve)", "application services of inner connections (http, ssl, dns), and Teredo bubbles Zeek logs as their own connections"),
    (r"^opt\.basic$", "local_resp of multicast responders"),
    (r"pppoe-over-qinq", "service: the TLS recogniser sees a record with an invalid version late in the stream (retransmitted segments) and withdraws ssl, which Zeek keeps"),
    (r"quic|ldap|dhcp|socks|ssh|http|ntp|zip|smtp|mysql|postgresql|ftp|imap|irc|xmpp|syslog|rdp|websocket|dns|modbus|pcapng-pktsrc|pppoe|opt\.basic|gtp\.false",
     "service: Zeek confirmed a protocol otsensor does not recognise (dce_rpc, krb, gssapi, postgresql, mysql, imap, ...)"),
]


# Why a case's dns.log still differs, as REASONS above.
DNS_REASONS = [
    (r".", "not yet analysed"),
]


# Why a case's http.log still differs, as REASONS above.
HTTP_REASONS = [
    (r"http-connect$|non-?standard|http-port-22",
     "HTTP on a port another analyzer holds: Zeek runs content detection (DPD) on every connection, "
     "otsensor only on connections no port claims"),
    (r"http-bad-request-with-version",
     "Zeek ran in bare mode, without base/frameworks/analyzer/dpd.zeek, so the request line's violation left the "
     "HTTP analyzer attached and the reply was logged; a full Zeek, as otsensor, removes the analyzer there"),
    (r"flip-content-line-orig", "the connection began with a SYN-ACK; Zeek flips such a connection at its first ACK "
                                "(TCP_Endpoint::CheckHistory), otsensor does not yet, so requests come from the responder"),
    (r"teredo", "the inner connection over Teredo is not in conn.log either (see conn.log's table)"),
    (r".", "not yet analysed"),
]


def reason_for(case, reasons=REASONS):
    for pattern, text in reasons:
        if re.search(pattern, case):
            return text
    return "not yet analysed"


def summarise(results, name, reasons):
    """The agreement of one log over every case that has it, and the report lines."""
    matched = expected = cases = passing = 0
    differing = []
    for case, result in sorted(results.items()):
        log = result.get("logs", {}).get(name)
        if not log:
            continue
        cases += 1
        matched += log.get("matched_fields", 0)
        expected += log.get("expected_fields", 0)
        if log.get("pass"):
            passing += 1
            continue
        fields = sorted(field for field, f in log.get("fields", {}).items()
                        if f.get("matched", 0) < f.get("compared", 0))
        differing.append((case, fields, log.get("missing", 0), log.get("expected", 0), reason_for(case, reasons)))

    agreement = 100.0 * matched / expected if expected else 0.0
    lines = [
        f"{name} field agreement: **{agreement:.2f}%** ({matched}/{expected} fields) over {cases} cases with a {name}; "
        f"{passing} cases agree on every record and field.",
        "",
        "| case | records missing | fields that differ | why |",
        "| --- | --- | --- | --- |",
    ]
    for case, fields, missing, total, why in differing:
        lines.append(f"| {case} | {missing}/{total} | {', '.join(fields) or '-'} | {why} |")
    return agreement, lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("keep")
    ap.add_argument("--check", type=float)
    ap.add_argument("--update-readme")
    args = ap.parse_args()

    results = {}
    for path in sorted(glob.glob(os.path.join(args.keep, "*", "zeekdiff.json"))):
        case = os.path.basename(os.path.dirname(path))
        try:
            results[case] = json.load(open(path))
        except ValueError:
            continue

    conn_agreement, conn_lines = summarise(results, "conn.log", REASONS)
    _, dns_lines = summarise(results, "dns.log", DNS_REASONS)
    _, http_lines = summarise(results, "http.log", HTTP_REASONS)
    report = "\n".join(conn_lines + [""] + dns_lines + [""] + http_lines)
    print(report)

    if args.update_readme:
        text = open(args.update_readme).read()
        begin, end = "<!-- conformance:begin -->", "<!-- conformance:end -->"
        if begin not in text or end not in text:
            sys.exit("README has no conformance markers")
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        open(args.update_readme, "w").write(head + begin + "\n" + report + "\n" + end + tail)

    if args.check is not None and conn_agreement < args.check:
        print(f"conn.log field agreement {conn_agreement:.2f}% is below {args.check}%", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
