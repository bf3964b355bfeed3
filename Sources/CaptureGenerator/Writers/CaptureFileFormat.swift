/// Which file format to write and its settings, so callers pick a format with one value.
public enum CaptureFileFormat: Sendable {
    case pcap(linkType: UInt32 = PcapLinkType.ethernet, precision: PcapWriter.Precision = .microseconds, snaplen: UInt32 = 262_144)
    case pcapng(interfaces: [PcapngInterface] = [PcapngInterface()])

    public func makeWriter(output: OutputBuffer) throws -> any PacketWriter {
        switch self {
        case let .pcap(linkType, precision, snaplen):
            return try PcapWriter(output: output, linkType: linkType, snaplen: snaplen, precision: precision)
        case let .pcapng(interfaces):
            return try PcapngWriter(output: output, interfaces: interfaces)
        }
    }
}
