/// A TCP segment; the data offset and checksum are computed from its contents.
public struct TCPSegment: IPPayload {
    /// The TCP control bits (RFC 9293), one OptionSet so tests read like tcpdump flags.
    /// Nested because OTSensorCore has its own (decoding) `TCPFlags`.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8

        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let fin = Flags(rawValue: 0x01)
        public static let syn = Flags(rawValue: 0x02)
        public static let rst = Flags(rawValue: 0x04)
        public static let psh = Flags(rawValue: 0x08)
        public static let ack = Flags(rawValue: 0x10)
        public static let urg = Flags(rawValue: 0x20)
        public static let ece = Flags(rawValue: 0x40)
        public static let cwr = Flags(rawValue: 0x80)
    }

    public enum Option: Sendable {
        case endOfList
        case noOperation
        case maximumSegmentSize(UInt16)
        case windowScale(UInt8)
        case sackPermitted
        case timestamps(value: UInt32, echoReply: UInt32)
        /// Any bytes, e.g. a malformed option.
        case raw([UInt8])

        public var bytes: [UInt8] {
            var out: [UInt8] = []
            switch self {
            case .endOfList: out = [0]
            case .noOperation: out = [1]
            case .maximumSegmentSize(let mss): out = [2, 4]; out.appendBE(mss)
            case .windowScale(let shift): out = [3, 3, shift]
            case .sackPermitted: out = [4, 2]
            case .timestamps(let value, let echo): out = [8, 10]; out.appendBE(value); out.appendBE(echo)
            case .raw(let bytes): out = bytes
            }
            return out
        }
    }

    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    public var flags: Flags
    public var window: UInt16
    public var urgentPointer: UInt16 = 0
    /// Zero-padded (End of Option List) to a multiple of 4.
    public var options: [Option] = []
    public var payload: [UInt8]
    public var checksum: ChecksumMode = .correct

    public init(sourcePort: UInt16, destinationPort: UInt16, sequenceNumber: UInt32, acknowledgmentNumber: UInt32 = 0,
                flags: Flags, window: UInt16 = 65_535, options: [Option] = [], payload: [UInt8] = []) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.window = window
        self.options = options
        self.payload = payload
    }

    public var protocolNumber: UInt8 { IPProtocolNumber.tcp }

    public func bytes(pseudoHeader: PseudoHeader) -> [UInt8] {
        var optionBytes = options.flatMap(\.bytes)
        optionBytes.pad(toMultipleOf: 4)
        let headerLength = 20 + optionBytes.count
        var out: [UInt8] = []
        out.reserveCapacity(headerLength + payload.count)
        out.appendBE(sourcePort)
        out.appendBE(destinationPort)
        out.appendBE(sequenceNumber)
        out.appendBE(acknowledgmentNumber)
        out += [UInt8(headerLength / 4) << 4, flags.rawValue]
        out.appendBE(window)
        out += [0, 0]
        out.appendBE(urgentPointer)
        out += optionBytes
        out += payload
        out.setBE(checksum.value(correct: pseudoHeader.checksum(protocolNumber: protocolNumber, segment: out)), at: 16)
        return out
    }
}
