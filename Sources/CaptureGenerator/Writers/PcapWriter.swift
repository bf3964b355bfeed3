/// Writes the classic libpcap format, one record per packet.
///
/// Packets longer than `snaplen` are cut to it, as a capturing kernel would, while
/// their record keeps the wire length. The static helpers build header bytes with
/// any field values at all, for tests that feed readers broken files.
public final class PcapWriter: PacketWriter {
    public enum Precision: Sendable {
        case microseconds, nanoseconds

        public var magic: UInt32 { self == .microseconds ? 0xA1B2_C3D4 : 0xA1B2_3C4D }
    }

    public let linkType: UInt32
    public let snaplen: UInt32
    public let precision: Precision
    public let byteOrder: ByteOrder
    private let output: OutputBuffer

    /// Writes the file header at once.
    public init(
        output: OutputBuffer, linkType: UInt32 = PcapLinkType.ethernet, snaplen: UInt32 = 262_144,
        precision: Precision = .microseconds, byteOrder: ByteOrder = .littleEndian
    ) throws {
        self.output = output
        self.linkType = linkType
        self.snaplen = snaplen
        self.precision = precision
        self.byteOrder = byteOrder
        try output.write(Self.fileHeader(magic: precision.magic, snaplen: snaplen, linkType: linkType, byteOrder: byteOrder))
    }

    public convenience init(
        path: String, linkType: UInt32 = PcapLinkType.ethernet, snaplen: UInt32 = 262_144,
        precision: Precision = .microseconds, byteOrder: ByteOrder = .littleEndian
    ) throws {
        try self.init(output: OutputBuffer(path: path), linkType: linkType, snaplen: snaplen,
                      precision: precision, byteOrder: byteOrder)
    }

    public func write(_ packet: Packet) throws {
        let captured = min(packet.bytes.count, Int(snaplen))
        let fraction = precision == .microseconds ? packet.time.nanoseconds / 1_000 : packet.time.nanoseconds
        try output.write(Self.recordHeader(
            seconds: UInt32(truncatingIfNeeded: packet.time.seconds), fraction: UInt32(fraction),
            capturedLength: UInt32(captured), originalLength: UInt32(packet.originalLength), byteOrder: byteOrder))
        try output.write(captured == packet.bytes.count ? packet.bytes : Array(packet.bytes.prefix(captured)))
    }

    public func close() throws { try output.close() }

    public var bytesWritten: Int { output.totalBytes }

    /// The 24-byte file header with every field chosen by the caller.
    public static func fileHeader(
        magic: UInt32 = 0xA1B2_C3D4, versionMajor: UInt16 = 2, versionMinor: UInt16 = 4,
        thisZone: Int32 = 0, sigFigs: UInt32 = 0, snaplen: UInt32 = 262_144,
        linkType: UInt32 = PcapLinkType.ethernet, byteOrder: ByteOrder = .littleEndian
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.append(magic, order: byteOrder)
        out.append(versionMajor, order: byteOrder)
        out.append(versionMinor, order: byteOrder)
        out.append(thisZone, order: byteOrder)
        out.append(sigFigs, order: byteOrder)
        out.append(snaplen, order: byteOrder)
        out.append(linkType, order: byteOrder)
        return out
    }

    /// The 16-byte record header; `capturedLength` may lie (exceed snaplen or the
    /// bytes that follow) to build malformed files.
    public static func recordHeader(
        seconds: UInt32, fraction: UInt32, capturedLength: UInt32, originalLength: UInt32,
        byteOrder: ByteOrder = .littleEndian
    ) -> [UInt8] {
        var out: [UInt8] = []
        for field in [seconds, fraction, capturedLength, originalLength] { out.append(field, order: byteOrder) }
        return out
    }
}
