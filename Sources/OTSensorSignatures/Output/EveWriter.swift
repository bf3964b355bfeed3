/// Encodes alerts as eve.json lines, keys in Suricata's order.
///
/// `suricata` is Suricata 7's form (`pkt_src`, `direction`, the flow's own
/// addresses); `osect` is the existing sensor's Suricata 6.0.16 form
/// (LOGS.md §6.17): neither of those, and `host` appended to every record.
public struct EveWriter: Sendable {
    public enum Layout: Sendable { case suricata, osect }

    public var layout: Layout
    /// The sensor name `osect` appends as `host`.
    public var host: String?
    /// The UTC offset, in seconds, for a time (Suricata prints local time).
    public var utcOffset: @Sendable (Int64) -> Int

    public init(layout: Layout = .suricata, host: String? = nil,
                utcOffset: @escaping @Sendable (Int64) -> Int = { _ in 0 }) {
        self.layout = layout
        self.host = host
        self.utcOffset = utcOffset
    }

    public func line(_ alert: EveAlert, rules: RuleSet) -> String {
        let s = rules.signatures[alert.signature]
        var j = JSONLine()
        j.key("timestamp"); j.string(timestamp(alert.timeNanoseconds))
        j.key("flow_id"); j.raw(String(alert.flowID))
        if let count = alert.pcapCount {
            j.key("pcap_cnt"); j.raw(String(count))
        } else if let interface = alert.interface {
            j.key("in_iface"); j.string(interface)
        }
        j.key("event_type"); j.string("alert")
        j.key("src_ip"); j.string(IPText.format(alert.source))
        j.key("src_port"); j.raw(String(alert.sourcePort))
        j.key("dest_ip"); j.string(IPText.format(alert.destination))
        j.key("dest_port"); j.raw(String(alert.destinationPort))
        j.key("proto"); j.string(Self.protocolName(alert.ipProtocol))
        if alert.ipProtocol == 1 || alert.ipProtocol == 58 {
            j.key("icmp_type"); j.raw(String(alert.icmpType))
            j.key("icmp_code"); j.raw(String(alert.icmpCode))
        }
        if layout == .suricata { j.key("pkt_src"); j.string(alert.isFlowEnd ? "stream (flow timeout)" : "wire/pcap") }
        j.key("alert"); j.open()
        j.key("action"); j.string(s.action == .alert || s.action == .pass ? "allowed" : "blocked")
        j.key("gid"); j.raw(String(s.gid))
        j.key("signature_id"); j.raw(String(s.sid))
        j.key("rev"); j.raw(String(s.rev))
        j.key("signature"); j.string(s.message)
        j.key("category"); j.string(s.classtype.flatMap { rules.classifications.entries[$0]?.description } ?? "")
        j.key("severity"); j.raw(String(s.priority ?? 3))
        if let target = s.target { targetObjects(&j, target, alert) }
        if !s.metadata.isEmpty {
            j.key("metadata"); j.open()
            for (key, values) in s.metadata {
                j.key(key); j.array(values)
            }
            j.close()
        }
        j.close()
        if let app = alert.appProto { j.key("app_proto"); j.string(app) }
        if layout == .suricata { j.key("direction"); j.string(alert.toServer ? "to_server" : "to_client") }
        j.key("flow"); j.open()
        j.key("pkts_toserver"); j.raw(String(alert.flow.packetsToServer))
        j.key("pkts_toclient"); j.raw(String(alert.flow.packetsToClient))
        j.key("bytes_toserver"); j.raw(String(alert.flow.bytesToServer))
        j.key("bytes_toclient"); j.raw(String(alert.flow.bytesToClient))
        j.key("start"); j.string(timestamp(alert.flow.startNanoseconds))
        if layout == .suricata {
            j.key("src_ip"); j.string(IPText.format(alert.flow.client))
            j.key("dest_ip"); j.string(IPText.format(alert.flow.server))
            j.key("src_port"); j.raw(String(alert.flow.clientPort))
            j.key("dest_port"); j.raw(String(alert.flow.serverPort))
        }
        j.close()
        if layout == .osect, let host { j.key("host"); j.string(host) }
        return j.finish()
    }

    /// `source`/`target` objects of a rule with `target`: which side is attacked.
    private func targetObjects(_ j: inout JSONLine, _ target: Signature.Target, _ alert: EveAlert) {
        let sourceIsTarget = target == .source
        let targetIP = sourceIsTarget ? (alert.source, alert.sourcePort) : (alert.destination, alert.destinationPort)
        let otherIP = sourceIsTarget ? (alert.destination, alert.destinationPort) : (alert.source, alert.sourcePort)
        for (name, ip) in [("source", otherIP), ("target", targetIP)] {
            j.key(name); j.open()
            j.key("ip"); j.string(IPText.format(ip.0))
            j.key("port"); j.raw(String(ip.1))
            j.close()
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS.uuuuuu±hhmm` in the offset's time.
    func timestamp(_ nanoseconds: Int64) -> String {
        let offset = utcOffset(nanoseconds)
        let micros = (nanoseconds / 1000) + Int64(offset) * 1_000_000
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (y, m, d) = CivilDate.from(days: days)
        func pad(_ v: Int64, _ n: Int) -> String {
            let t = String(v)
            return String(repeating: "0", count: max(0, n - t.count)) + t
        }
        let sign = offset < 0 ? "-" : "+"
        let a = abs(offset) / 60
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):"
            + "\(pad(secondOfDay % 60, 2)).\(pad(fraction, 6))\(sign)\(pad(Int64(a / 60), 2))\(pad(Int64(a % 60), 2))"
    }

    static func protocolName(_ p: UInt8) -> String {
        switch p {
        case 1: "ICMP"
        case 2: "IGMP"
        case 6: "TCP"
        case 17: "UDP"
        case 47: "GRE"
        case 50: "ESP"
        case 51: "AH"
        case 58: "IPv6-ICMP"
        case 103: "PIM"
        case 132: "SCTP"
        default: String(p)
        }
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
enum CivilDate {
    static func from(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Builds one JSON object line, escaping as Suricata's (jansson's) output does.
struct JSONLine {
    private var text = "{"
    private var needsComma = [false]

    mutating func key(_ k: String) {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
        string(k)
        text += ":"
    }

    mutating func raw(_ v: String) { text += v }

    mutating func open() {
        text += "{"
        needsComma.append(false)
    }

    mutating func close() {
        text += "}"
        needsComma.removeLast()
    }

    mutating func array(_ values: [String]) {
        text += "["
        for (i, v) in values.enumerated() {
            if i > 0 { text += "," }
            string(v)
        }
        text += "]"
    }

    mutating func string(_ s: String) {
        text += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(u)
                }
            }
        }
        text += "\""
    }

    func finish() -> String { text + "}" }
}

/// Address text: dotted quad, or RFC 5952 compressed IPv6.
enum IPText {
    static func format(_ ip: RuleIP) -> String {
        if !ip.isV6 {
            let v = UInt32(truncatingIfNeeded: ip.value)
            return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
        }
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: ip.value >> (16 * (7 - $0))) }
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLength && j - i >= 2 { (bestStart, bestLength) = (i, j - i) }
                i = j
            } else {
                i += 1
            }
        }
        var parts: [String] = []
        i = 0
        var out = ""
        while i < 8 {
            if i == bestStart {
                out += (parts.isEmpty ? "" : parts.joined(separator: ":")) + "::"
                parts = []
                i += bestLength
                continue
            }
            parts.append(String(groups[i], radix: 16))
            i += 1
        }
        return out + parts.joined(separator: ":")
    }
}
