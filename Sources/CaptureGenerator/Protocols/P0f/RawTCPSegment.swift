/// A TCP segment whose header fields are taken as given — data offset, flag
/// byte (ECE/CWR included), NS bit, urgent pointer — for fingerprinting tests
/// that need headers TCPSegment would not write (options running past the
/// data offset, flag combinations). The checksum is computed over what is sent.
public struct RawTCPSegment: IPPayload {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    /// In 32-bit words, as written in the header.
    public var dataOffsetWords: UInt8
    public var nonceSum = false
    public var flags: UInt8
    public var window: UInt16
    public var urgentPointer: UInt16 = 0
    /// Everything after the 20-byte fixed header: options, padding, payload.
    public var rest: [UInt8]

    public init(sourcePort: UInt16, destinationPort: UInt16, sequenceNumber: UInt32, acknowledgmentNumber: UInt32 = 0,
                dataOffsetWords: UInt8, flags: UInt8, window: UInt16, rest: [UInt8]) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.dataOffsetWords = dataOffsetWords
        self.flags = flags
        self.window = window
        self.rest = rest
    }

    public var protocolNumber: UInt8 { IPProtocolNumber.tcp }

    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBE(sourcePort)
        out.appendBE(destinationPort)
        out.appendBE(sequenceNumber)
        out.appendBE(acknowledgmentNumber)
        out += [dataOffsetWords << 4 | (nonceSum ? 1 : 0), flags]
        out.appendBE(window)
        out += [0, 0]
        out.appendBE(urgentPointer)
        out += rest
        out.setBE(pseudoHeader.checksum(protocolNumber: protocolNumber, segment: out), at: 16)
        return out
    }
}
