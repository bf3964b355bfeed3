/// `flow` (detect-flow.c): direction and state of the packet's flow.
extension FlowCondition {
    /// Parses `flow` on top of what the header implied (tcp-pkt, tcp-stream).
    static func parse(_ raw: String, onto header: FlowCondition = FlowCondition()) throws(RuleError) -> FlowCondition {
        var flow = header
        for item in raw.split(separator: ",").map({ String($0).trimmingSpaces.lowercased() }) {
            switch item {
            case "to_server", "from_client": flow.toServer = true
            case "to_client", "from_server": flow.toServer = false
            case "established": flow.established = true
            case "not_established": flow.established = false
            case "stateless": flow.stateless = true
            case "only_stream": flow.onlyStream = true
            case "no_stream": flow.noStream = true
            case "only_frag", "no_frag": break
            default: throw RuleError("unknown flow option \(item)")
            }
        }
        if flow.onlyStream && flow.noStream || flow.streamHeader && flow.noStream {
            throw RuleError("flow: only_stream and no_stream together")
        }
        return flow
    }

    /// Direction and state; only_stream and no_stream decide which bytes the
    /// payload matchers read (see `StreamRequirement`).
    func holds(toServer packetToServer: Bool, established packetEstablished: Bool) -> Bool {
        if let toServer, toServer != packetToServer { return false }
        if let established, established != packetEstablished { return false }
        return true
    }
}

/// Header keywords: `ttl`, `itype`, `icode`, `ip_proto`, `flags`/`tcp.flags`
/// (detect-ttl.c, detect-itype.c, detect-icode.c, detect-ipproto.c, detect-flags.c).
public enum HeaderCheck: Sendable {
    case ttl(NumericCondition)
    case icmpType(NumericCondition)
    case icmpCode(NumericCondition)
    case ipProtocol(NumericCondition)
    /// `flags`: `set` bits that must be present, `mode` how the others count, `ignored` bits.
    case tcpFlags(TCPFlagsCondition)

    func holds(_ packet: SignaturePacket) -> Bool {
        switch self {
        case .ttl(let c): c.holds(Int(packet.ttl))
        case .icmpType(let c): (packet.ipProtocol == 1 || packet.ipProtocol == 58) && c.holds(Int(packet.icmpType))
        case .icmpCode(let c): (packet.ipProtocol == 1 || packet.ipProtocol == 58) && c.holds(Int(packet.icmpCode))
        case .ipProtocol(let c): c.holds(Int(packet.ipProtocol))
        case .tcpFlags(let f): packet.ipProtocol == 6 && f.holds(packet.tcpFlags)
        }
    }
}

public struct TCPFlagsCondition: Sendable {
    public enum Mode: Sendable { case exact, any, all, not }
    var bits: UInt8
    var mode: Mode
    var ignored: UInt8

    static let letters: [Character: UInt8] = [
        "F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10, "U": 0x20, "E": 0x40, "C": 0x80,
        "1": 0x80, "2": 0x40,
    ]

    static func parse(_ raw: String) throws(RuleError) -> TCPFlagsCondition {
        let parts = raw.split(separator: ",", maxSplits: 1).map { String($0).trimmingSpaces }
        var mode = Mode.exact, bits: UInt8 = 0, ignored: UInt8 = 0
        for ch in parts.first ?? "" {
            switch ch {
            case "+": mode = .all
            case "*": mode = .any
            case "!": mode = .not
            case "0": break
            default:
                guard let b = letters[Character(ch.uppercased())] else { throw RuleError("bad tcp flag \(ch)") }
                bits |= b
            }
        }
        if parts.count == 2 {
            for ch in parts[1] {
                guard let b = letters[Character(ch.uppercased())] else { throw RuleError("bad tcp flag mask \(ch)") }
                ignored |= b
            }
        }
        return TCPFlagsCondition(bits: bits, mode: mode, ignored: ignored)
    }

    func holds(_ flags: UInt8) -> Bool {
        let f = flags & ~ignored
        switch mode {
        case .exact: return f == bits
        case .all: return f & bits == bits
        case .any: return f & bits != 0
        case .not: return f & bits == 0
        }
    }
}
