/// A UDP datagram (RFC 768); length and checksum computed unless overridden.
public struct UDPDatagram: IPPayload {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var payload: [UInt8]
    public var lengthOverride: UInt16?
    /// `.zero` means "no checksum", legal over IPv4 only.
    public var checksum: ChecksumMode = .correct

    public init(sourcePort: UInt16, destinationPort: UInt16, payload: [UInt8] = []) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.payload = payload
    }

    public var protocolNumber: UInt8 { IPProtocolNumber.udp }

    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 + payload.count)
        out.appendBE(sourcePort)
        out.appendBE(destinationPort)
        out.appendBE(lengthOverride ?? UInt16(8 + payload.count))
        out += [0, 0]
        out += payload
        let computed = pseudoHeader.checksum(protocolNumber: protocolNumber, segment: out)
        // A computed zero goes out as 0xFFFF, since zero means "none" (RFC 768).
        out.setBE(checksum.value(correct: computed == 0 ? 0xFFFF : computed), at: 6)
        return out
    }
}
