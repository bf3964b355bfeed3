/// An ICMP (RFC 792) message: type, code, the 4 "rest of header" bytes, data.
public struct ICMPv4Message: IPPayload {
    public var type: UInt8
    public var code: UInt8
    /// Identifier and sequence number for echo; unused/pointer/MTU for others.
    public var restOfHeader: UInt32
    public var payload: [UInt8]
    public var checksum: ChecksumMode = .correct

    public init(type: UInt8, code: UInt8 = 0, restOfHeader: UInt32 = 0, payload: [UInt8] = []) {
        self.type = type
        self.code = code
        self.restOfHeader = restOfHeader
        self.payload = payload
    }

    public static func echoRequest(identifier: UInt16, sequence: UInt16, payload: [UInt8] = []) -> ICMPv4Message {
        ICMPv4Message(type: 8, restOfHeader: UInt32(identifier) << 16 | UInt32(sequence), payload: payload)
    }

    public static func echoReply(identifier: UInt16, sequence: UInt16, payload: [UInt8] = []) -> ICMPv4Message {
        ICMPv4Message(type: 0, restOfHeader: UInt32(identifier) << 16 | UInt32(sequence), payload: payload)
    }

    public var protocolNumber: UInt8 { IPProtocolNumber.icmp }

    /// ICMPv4 checksums cover the message alone: no pseudo-header.
    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] {
        var out = icmpBody(type: type, code: code, restOfHeader: restOfHeader, payload: payload)
        out.setBE(checksum.value(correct: InternetChecksum.compute(out)), at: 2)
        return out
    }
}

/// An ICMPv6 (RFC 4443) message; its checksum covers the IPv6 pseudo-header.
public struct ICMPv6Message: IPPayload {
    public var type: UInt8
    public var code: UInt8
    public var restOfHeader: UInt32
    public var payload: [UInt8]
    public var checksum: ChecksumMode = .correct

    public init(type: UInt8, code: UInt8 = 0, restOfHeader: UInt32 = 0, payload: [UInt8] = []) {
        self.type = type
        self.code = code
        self.restOfHeader = restOfHeader
        self.payload = payload
    }

    public static func echoRequest(identifier: UInt16, sequence: UInt16, payload: [UInt8] = []) -> ICMPv6Message {
        ICMPv6Message(type: 128, restOfHeader: UInt32(identifier) << 16 | UInt32(sequence), payload: payload)
    }

    public static func echoReply(identifier: UInt16, sequence: UInt16, payload: [UInt8] = []) -> ICMPv6Message {
        ICMPv6Message(type: 129, restOfHeader: UInt32(identifier) << 16 | UInt32(sequence), payload: payload)
    }

    public var protocolNumber: UInt8 { IPProtocolNumber.icmpv6 }

    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] {
        var out = icmpBody(type: type, code: code, restOfHeader: restOfHeader, payload: payload)
        out.setBE(checksum.value(correct: pseudoHeader.checksum(protocolNumber: protocolNumber, segment: out)), at: 2)
        return out
    }
}

/// The layout both ICMP versions share, checksum field zeroed.
private func icmpBody(type: UInt8, code: UInt8, restOfHeader: UInt32, payload: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [type, code, 0, 0]
    out.appendBE(restOfHeader)
    return out + payload
}
