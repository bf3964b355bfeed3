#!/usr/bin/env python3
"""Builds the fuzz targets' seed corpora (Fuzz/Corpus/TARGET/) from captures.

Usage: Fuzz/make-corpus.py CAPTURE...   (scripts/fuzz.sh --seeds runs it on the right ones)

The captures are the project's generator captures (capture-gen sample, ot-bench) and the
test fixtures (testdata/sample.pcap, testdata/third-party/captures). What none of them
carries (DHCPv4, ARP beyond a request, neighbor discovery, S7comm-plus, odd link types) is
written here by hand, field by field. Every seed is in the input format of its target
(see Fuzz/Sources/FuzzSupport/FuzzSupport.swift): a format byte, then records of
flags byte, 2-byte big-endian length, bytes. Seeds are named by the SHA-1 of their bytes,
as libFuzzer names inputs, so running this again adds nothing twice.
"""
import hashlib
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "Corpus")
# The order of LinkType.allCases (Sources/OTSensorCore/Decode/LinkType.swift).
LINK_TYPES = [0, 1, 9, 10, 12, 14, 50, 101, 105, 108, 113, 127, 228, 229, 276]
MAX_RECORDS = 24          # records per seed: enough for sessions and aggregation, small files
MAX_SEED_BYTES = 6000


def read_capture(path):
    """Yields (link_type, frame bytes) for every packet of a pcap or pcapng file."""
    data = open(path, "rb").read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = "<" if magic[0] in (0xD4, 0x4D) else ">"
        link = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
        at = 24
        while at + 16 <= len(data):
            captured = struct.unpack(endian + "I", data[at + 8:at + 12])[0]
            yield link, data[at + 16:at + 16 + captured]
            at += 16 + captured
    elif magic == b"\x0a\x0d\x0d\x0a":
        endian = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
        links, at = [], 0
        while at + 12 <= len(data):
            kind, length = struct.unpack(endian + "II", data[at:at + 8])
            body = data[at + 8:at + length - 4]
            if kind == 0x0A0D0D0A:
                links = []
            elif kind == 1:
                links.append(struct.unpack(endian + "H", body[:2])[0])
            elif kind == 6:
                interface, _, _, captured = struct.unpack(endian + "IIII", body[:16])
                yield links[interface], body[20:20 + captured]
            if length < 12:
                break
            at += length


def ethernet_payload(link, frame):
    """(ethertype, offset of the network header) for Ethernet (VLAN tags skipped), null and raw."""
    if link == 1:
        at, ethertype = 14, struct.unpack(">H", frame[12:14])[0]
        while ethertype in (0x8100, 0x88A8) and len(frame) >= at + 4:
            ethertype = struct.unpack(">H", frame[at + 2:at + 4])[0]
            at += 4
        return ethertype, at
    if link == 0 and len(frame) > 4:
        family = struct.unpack("<I", frame[:4])[0]
        return (0x0800 if family == 2 else 0x86DD), 4
    if link in (12, 14, 101, 228, 229) and frame:
        return (0x0800 if frame[0] >> 4 == 4 else 0x86DD), 0
    return None, 0


def transport(link, frame):
    """(protocol, source port, destination port, payload, ip offset, icmp type) or None."""
    ethertype, at = ethernet_payload(link, frame)
    if ethertype == 0x0800 and len(frame) >= at + 20:
        header = (frame[at] & 0x0F) * 4
        protocol, total = frame[at + 9], struct.unpack(">H", frame[at + 2:at + 4])[0]
        start, end = at + header, min(len(frame), at + total)
    elif ethertype == 0x86DD and len(frame) >= at + 40:
        protocol, start = frame[at + 6], at + 40
        end = min(len(frame), start + struct.unpack(">H", frame[at + 4:at + 6])[0])
    else:
        return None
    segment = frame[start:end]
    if protocol == 6 and len(segment) >= 20:
        sport, dport = struct.unpack(">HH", segment[:4])
        return protocol, sport, dport, segment[(segment[12] >> 4) * 4:], at, segment[13]
    if protocol == 17 and len(segment) >= 8:
        sport, dport = struct.unpack(">HH", segment[:4])
        return protocol, sport, dport, segment[8:], at, None
    if protocol == 58 and segment:
        return protocol, 0, 0, segment, at, segment[0]
    return protocol, 0, 0, segment, at, None


def record(flags, data):
    return bytes([flags]) + struct.pack(">H", len(data)) + data


def seeds_of(records, format_byte=0, per_seed=MAX_RECORDS):
    """Cuts records into seeds of at most `per_seed` records and MAX_SEED_BYTES bytes."""
    seed = bytes([format_byte])
    count = 0
    for r in records:
        if count and (count == per_seed or len(seed) + len(r) > MAX_SEED_BYTES):
            yield seed
            seed, count = bytes([format_byte]), 0
        seed += r[:MAX_SEED_BYTES]
        count += 1
    if count:
        yield seed


class Corpus:
    def __init__(self):
        self.written = {}

    def add(self, target, seed):
        directory = os.path.join(CORPUS, target)
        os.makedirs(directory, exist_ok=True)
        name = hashlib.sha1(seed).hexdigest()
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            open(path, "wb").write(seed)
            self.written[target] = self.written.get(target, 0) + 1

    def add_all(self, target, seeds, limit):
        for index, seed in enumerate(seeds):
            if index == limit:
                break
            self.add(target, seed)


# Datagram targets: UDP ports as in each analyzer's `interest.udpPorts`, in order.
UDP_TARGETS = {
    "fuzz-dhcp": [67, 68, 4011],
    "fuzz-dhcpv6": [547],
    "fuzz-nbns": [137],
    "fuzz-browser": [138],
    "fuzz-ssdp": [1900],
    "fuzz-cclink-iefb": [61450, 61451],
}


def udp_flags(ports, sport, dport):
    """Harness.datagrams' flags: bit 0 originator sent it, bits 1-3 the server port's index."""
    if dport in ports:
        return 1 | ports.index(dport) << 1
    return ports.index(sport) << 1 | 3 << 4


def from_captures(corpus, paths):
    for path in paths:
        packets = list(read_capture(path))
        udp = {target: [] for target in UDP_TARGETS}
        s7_streams, s7plus, ie, arp_nd, syn, frames = {}, [], [], [], [], []
        for link, frame in packets:
            frames.append((link, frame))
            if link == 1 and len(frame) >= 14:
                ethertype, at = ethernet_payload(link, frame)
                if ethertype == 0x890F:
                    ie.append(record(len(ie) & 0x0F, frame[at:]))
                elif ethertype in (0x0806, 0x8035):
                    arp_nd.append(record(0, frame))
            parsed = transport(link, frame)
            if not parsed:
                continue
            protocol, sport, dport, payload, _, extra = parsed
            if protocol == 17:
                for target, ports in UDP_TARGETS.items():
                    if sport in ports or dport in ports:
                        udp[target].append(record(udp_flags(ports, sport, dport), payload))
            elif protocol == 6:
                if extra is not None and extra & 0x02 and link == 1:
                    syn.append(record(0, frame))
                if 102 in (sport, dport) and payload:
                    client = sport if dport == 102 else dport
                    s7_streams.setdefault(client, []).append(record(1 if dport == 102 else 0, payload))
                    # Whole TPKTs carrying one COTP data TPDU with an S7comm-plus PDU.
                    if len(payload) > 7 and payload[0] == 3 and payload[5] == 0xF0 and payload[7] == 0x72:
                        s7plus.append(record(1 if dport == 102 else 0, payload[7:]))
            elif protocol == 58 and extra in (135, 136) and link == 1:
                arp_nd.append(record(0, frame))
        for target, records in udp.items():
            corpus.add_all(target, seeds_of(records), 4)
        for index, stream in enumerate(sorted(s7_streams.values(), key=len)):
            if index == 3:
                break
            corpus.add_all("fuzz-tpkt-s7", seeds_of(stream, per_seed=40), 1)
        corpus.add_all("fuzz-s7plus", seeds_of(s7plus), 2)
        corpus.add_all("fuzz-cclink-ie", seeds_of(ie), 3)
        corpus.add_all("fuzz-arp-nd", seeds_of(arp_nd), 2)
        corpus.add_all("fuzz-p0f-packet", seeds_of(syn), 2)
        by_link = {}
        for link, frame in frames:
            by_link.setdefault(link, []).append(record(0, frame))
        for link, records in by_link.items():
            if link in LINK_TYPES:
                corpus.add_all("fuzz-decoder", seeds_of(records, LINK_TYPES.index(link) << 2), 2)
        corpus.add("fuzz-capture", shortened_capture(path, 24))


def shortened_capture(path, keep):
    """The capture's first `keep` packets, in its own file format."""
    data = open(path, "rb").read()
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        endian = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
        out, at, packets = b"", 0, 0
        while at + 12 <= len(data):
            kind, length = struct.unpack(endian + "II", data[at:at + 8])
            if length < 12:
                break
            if kind in (2, 3, 6):
                packets += 1
                if packets > keep:
                    break
            out += data[at:at + length]
            at += length
        return out
    endian = "<" if data[0] in (0xD4, 0x4D) else ">"
    at, packets = 24, 0
    while at + 16 <= len(data) and packets < keep:
        at += 16 + struct.unpack(endian + "I", data[at + 8:at + 12])[0]
        packets += 1
    return data[:at]


def mac(n):
    return bytes([0x00, 0x1B, 0x1B, 0x00, 0x00, n])


def ipv4(protocol, payload, source=0xC0A8010A, destination=0xC0A80114, ttl=64):
    header = struct.pack(">BBHHHBBHII", 0x45, 0, 20 + len(payload), 1, 0x4000, ttl, protocol, 0,
                         source, destination)
    return header + payload


def ipv6(next_header, payload, source, destination, hop_limit=255):
    return struct.pack(">IHBB", 0x60000000, len(payload), next_header, hop_limit) + source + destination + payload


def ethernet(ethertype, payload, source=1, destination=2):
    return mac(destination) + mac(source) + struct.pack(">H", ethertype) + payload


def udp(sport, dport, payload):
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload


def dhcp(message_type, options):
    body = struct.pack(">BBBBIHH", 1, 1, 6, 0, 0x3903F326, 0, 0x8000) + bytes(16)
    body += mac(9) + bytes(10) + bytes(64) + bytes(128) + b"\x63\x82\x53\x63"
    body += bytes([53, 1, message_type])
    for code, value in options:
        body += bytes([code, len(value)]) + value
    return body + b"\xff"


def hand_written(corpus):
    """Messages no capture here carries, built field by field."""
    # DHCPv4 (RFC 2131/2132): DISCOVER and REQUEST with host name, client id, vendor class,
    # parameter list, requested address; and a server's OFFER (the analyzer keeps only
    # client messages, so this one is a counted skip).
    discover = dhcp(1, [(12, b"plc-line-4"), (61, b"\x01" + mac(9)), (60, b"MSFT 5.0"),
                        (55, bytes([1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252]))])
    request = dhcp(3, [(50, bytes([192, 168, 1, 77])), (54, bytes([192, 168, 1, 1])),
                       (12, b"plc-line-4"), (81, b"\x00\x00\x00plc-line-4.example")])
    offer = dhcp(2, [(1, bytes([255, 255, 255, 0])), (3, bytes([192, 168, 1, 1]))])
    corpus.add("fuzz-dhcp", bytes([0]) + record(1, discover) + record(1, request) + record(0, offer))
    corpus.add("fuzz-dhcp", bytes([1]) + record(1 | 2 << 1, discover))
    # ARP request, reply, gratuitous; RARP.
    arp_request = struct.pack(">HHBBH", 1, 0x0800, 6, 4, 1) + mac(1) + bytes([192, 168, 1, 10]) + bytes(6) + bytes([192, 168, 1, 20])
    arp_reply = struct.pack(">HHBBH", 1, 0x0800, 6, 4, 2) + mac(2) + bytes([192, 168, 1, 20]) + mac(1) + bytes([192, 168, 1, 10])
    gratuitous = struct.pack(">HHBBH", 1, 0x0800, 6, 4, 1) + mac(3) + bytes([192, 168, 1, 30]) + bytes(6) + bytes([192, 168, 1, 30])
    rarp = struct.pack(">HHBBH", 1, 0x0800, 6, 4, 3) + mac(4) + bytes(4) + mac(4) + bytes(4)
    # IPv6 neighbor solicitation (with a source link-layer option) and advertisement
    # (with a target link-layer option), RFC 4861.
    link_local = bytes.fromhex("fe800000000000000200" + "1bfffe000001")
    target = bytes.fromhex("fe800000000000000200" + "1bfffe000002")
    solicited = bytes.fromhex("ff0200000000000000000001ff000002")
    solicitation = bytes([135, 0, 0, 0]) + bytes(4) + target + bytes([1, 1]) + mac(1)
    advertisement = bytes([136, 0, 0, 0, 0x60, 0, 0, 0]) + target + bytes([2, 1]) + mac(2)
    corpus.add("fuzz-arp-nd", bytes([0]) + b"".join(record(0, f) for f in [
        ethernet(0x0806, arp_request, 1, 0xFF), ethernet(0x0806, arp_reply, 2, 1),
        ethernet(0x0806, gratuitous, 3, 0xFF), ethernet(0x8035, rarp, 4, 0xFF),
        ethernet(0x86DD, ipv6(58, solicitation, link_local, solicited), 1, 0xFF),
        ethernet(0x86DD, ipv6(58, advertisement, target, link_local), 2, 1)]))
    # S7comm-plus (Wireshark's s7comm_plus dissector): a V1 connect request and a V3 request
    # with an integrity part, each one PDU with its trailer.
    connect = bytes([0x72, 0x01, 0x00, 0x0C, 0x31, 0x00, 0x00, 0x04, 0xCA, 0x00, 0x00, 0x00, 0x01,
                     0x00, 0x00, 0x01, 0x20, 0x36, 0x72, 0x01, 0x00, 0x00])
    v3 = bytes([0x72, 0x03, 0x00, 0x2A]) + bytes([0x20]) + bytes(32) + bytes([0x31, 0x00, 0x00, 0x05, 0x4C,
               0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00]) + bytes([0x72, 0x03, 0x00, 0x00])
    response = bytes([0x72, 0x02, 0x00, 0x09, 0x32, 0x00, 0x00, 0x04, 0xCA, 0x00, 0x00, 0x00, 0x01,
                      0x72, 0x02, 0x00, 0x00])
    corpus.add("fuzz-s7plus", bytes([0]) + record(1, connect) + record(0, response) + record(1, v3))
    # p0f: a Linux-like IPv4 SYN and a SYN+ACK answer, and an IPv6 SYN.
    syn_options = bytes([2, 4, 0x05, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7])
    syn = struct.pack(">HHIIBBHHH", 49152, 80, 1, 0, 10 << 4, 0x02, 64240, 0, 0) + syn_options
    synack = struct.pack(">HHIIBBHHH", 80, 49152, 7, 2, 6 << 4, 0x12, 65160, 0, 0) + bytes([2, 4, 5, 0xB4])
    syn6 = struct.pack(">HHIIBBHHH", 49153, 443, 1, 0, 5 << 4, 0x02, 8192, 0, 0)
    corpus.add("fuzz-p0f-packet", bytes([0]) + record(0, ethernet(0x0800, ipv4(6, syn), 1, 2))
               + record(0, ethernet(0x0800, ipv4(6, synack, 0xC0A80114, 0xC0A8010A), 2, 1))
               + record(0, ethernet(0x86DD, ipv6(6, syn6, link_local, target, 64), 1, 2)))
    # Decoder: IPv4 fragments of one UDP datagram, GRE and VXLAN tunnels, on raw IP.
    datagram = udp(5000, 514, bytes(range(256)) * 2)
    first = struct.pack(">BBHHHBBHII", 0x45, 0, 20 + 256, 7, 0x2000, 64, 17, 0, 0x0A000001, 0x0A000002) + datagram[:256]
    second = struct.pack(">BBHHHBBHII", 0x45, 0, 20 + len(datagram) - 256, 7, 256 // 8, 64, 17, 0,
                         0x0A000001, 0x0A000002) + datagram[256:]
    inner = ipv4(17, udp(1234, 53, b"\x12\x34\x01\x00\x00\x01" + bytes(6)))
    gre = ipv4(47, struct.pack(">HH", 0, 0x0800) + inner)
    vxlan = ipv4(17, udp(40000, 4789, bytes([0x08, 0, 0, 0, 0, 0, 1, 0]) + ethernet(0x0800, inner)))
    raw = LINK_TYPES.index(12) << 2
    corpus.add("fuzz-decoder", bytes([raw]) + record(0, second) + record(1, first) + record(0, gre) + record(0, vxlan))
    cooked = struct.pack(">HHH", 0, 1, 6) + mac(1) + b"\x00\x00" + struct.pack(">H", 0x0800)
    corpus.add("fuzz-decoder", bytes([LINK_TYPES.index(113) << 2]) + record(0, cooked + inner))
    # p0f's database: a small file in p0f.fp's syntax, and Debian's when it is installed.
    corpus.add("fuzz-p0f-db", b"""; otsensor fuzz seed
classes = win,unix,other
[mtu]
label = Ethernet or modem
sig   = 576
sig   = 1500
[tcp:request]
label = s:unix:Linux:3.11 and newer
sig   = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
label = s:!:NMap:SYN scan
sys   = @unix
sig   = *:64-:0:1460:1024,0:mss:ts,bad:0
[tcp:response]
label = g:win:Windows:7 or 8
sig   = *:128:0:*:8192,8:mss,nop,ws,sok,ts:df,id+:0
[http:request]
label = s:!:curl:
sig   = *:User-Agent,Host,Accept=[*/*]:Connection:curl/
""")
    if os.path.exists("/etc/p0f/p0f.fp"):
        text = open("/etc/p0f/p0f.fp", "rb").read()
        sections = text.split(b"\n[")
        for index in range(0, len(sections), 4):
            chunk = b"\n[".join(sections[index:index + 4])
            corpus.add("fuzz-p0f-db", (b"[" if index else b"") + chunk[:8000])
    # The configuration file: packaging/otsensor.toml and small variations.
    example = os.path.join(HERE, "..", "packaging", "otsensor.toml")
    if os.path.exists(example):
        corpus.add("fuzz-config", open(example, "rb").read())
    corpus.add("fuzz-config", b'label = "line-4"\n[capture]\ninterface = "eth0"\nsnaplen = 65535\n'
               b'[run]\nformat = "json"\nlocal_nets = "10.0.0.0/8, fd00::/8"\n[retention]\nmax_gb = 1.5\n')


def main():
    corpus = Corpus()
    from_captures(corpus, sys.argv[1:])
    hand_written(corpus)
    for target in sorted(corpus.written):
        print(f"{target}: {corpus.written[target]} new seeds")


if __name__ == "__main__":
    main()
