/// conn.log's `conn_state`, computed from the endpoint states as Zeek's
/// conn/main.zeek does.
public enum ConnState: String, Sendable {
    case s0 = "S0", s1 = "S1", sf = "SF", rej = "REJ", s2 = "S2", s3 = "S3"
    case rsto = "RSTO", rstr = "RSTR", rstos0 = "RSTOS0", rstrh = "RSTRH"
    case sh = "SH", shr = "SHR", oth = "OTH"
}

extension Connection {
    public var connState: ConnState {
        switch transport {
        case .tcp: return tcpConnState
        case .udp:
            let o = orig.datagramBytes >= 0, r = resp.datagramBytes >= 0
            if o { return r ? .sf : .s0 }
            return r ? .shr : .oth
        case .icmp, .unknown:
            return .oth
        }
    }

    private var tcpConnState: ConnState {
        let o = orig.state, r = resp.state
        if r == .reset {
            if o == .synSent || o == .synAckSent || (o == .reset && origBytes == 0 && respBytes == 0) { return .rej }
            return o.isInactiveOrPartial ? .rstrh : .rstr
        }
        if o == .reset {
            if r.isInactiveOrPartial { return historyLooksLikeSYNThenRST ? .rstos0 : .oth }
            return .rsto
        }
        if r == .closed && o == .closed { return .sf }
        if o == .closed { return r.isInactiveOrPartial ? .sh : .s2 }
        if r == .closed { return o.isInactiveOrPartial ? .shr : .s3 }
        if o == .synSent && r == .inactive { return .s0 }
        if o == .established && r == .established { return .s1 }
        return .oth
    }

    /// The whole history matches `^?S[^HAFGIQ]*R.*`.
    private var historyLooksLikeSYNThenRST: Bool {
        var letters = history.letters[...]
        if letters.first == UInt8(ascii: "^") { letters = letters.dropFirst() }
        guard letters.first == UInt8(ascii: "S") else { return false }
        for letter in letters.dropFirst() {
            if letter == UInt8(ascii: "R") { return true }
            if "HAFGIQ".utf8.contains(letter) { return false }
        }
        return false
    }

    /// Payload bytes sent by the originator (TCP from sequence numbers).
    public var origBytes: UInt64 {
        transport == .tcp ? orig.tcpSize(peerState: resp.state) : UInt64(max(0, orig.datagramBytes))
    }

    public var respBytes: UInt64 {
        transport == .tcp ? resp.tcpSize(peerState: orig.state) : UInt64(max(0, resp.datagramBytes))
    }
}
