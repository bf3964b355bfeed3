/// One pcapng interface: its own link type, snaplen and timestamp resolution.
public struct PcapngInterface: Sendable {
    public var linkType: UInt32
    public var snaplen: UInt32
    /// Stamps in nanoseconds (if_tsresol = 9) instead of the default microseconds.
    public var nanosecondResolution: Bool
    public var name: String?

    public init(linkType: UInt32 = PcapLinkType.ethernet, snaplen: UInt32 = 262_144,
                nanosecondResolution: Bool = false, name: String? = nil) {
        self.linkType = linkType
        self.snaplen = snaplen
        self.nanosecondResolution = nanosecondResolution
        self.name = name
    }
}

/// Writes pcapng: a Section Header Block, one Interface Description Block per
/// interface, then an Enhanced Packet Block per packet naming its interface.
///
/// pcapng is where one file mixes link types, which classic pcap cannot express.
public final class PcapngWriter: PacketWriter {
    public let interfaces: [PcapngInterface]
    public let byteOrder: ByteOrder
    private let output: OutputBuffer

    /// Writes the section header and interface descriptions at once.
    public init(output: OutputBuffer, interfaces: [PcapngInterface] = [PcapngInterface()],
                byteOrder: ByteOrder = .littleEndian) throws {
        precondition(!interfaces.isEmpty, "pcapng packets need an interface")
        self.output = output
        self.interfaces = interfaces
        self.byteOrder = byteOrder
        try output.write(block(type: 0x0A0D_0D0A, body: sectionHeaderBody()))
        for interface in interfaces {
            try output.write(block(type: 1, body: interfaceBody(interface)))
        }
    }

    public convenience init(path: String, interfaces: [PcapngInterface] = [PcapngInterface()],
                            byteOrder: ByteOrder = .littleEndian) throws {
        try self.init(output: OutputBuffer(path: path), interfaces: interfaces, byteOrder: byteOrder)
    }

    public func write(_ packet: Packet) throws {
        precondition(Int(packet.interfaceID) < interfaces.count, "packet names interface \(packet.interfaceID), not declared")
        let interface = interfaces[Int(packet.interfaceID)]
        let captured = min(packet.bytes.count, Int(interface.snaplen))
        let units = interface.nanosecondResolution
            ? packet.time.seconds * 1_000_000_000 + packet.time.nanoseconds
            : packet.time.seconds * 1_000_000 + packet.time.nanoseconds / 1_000
        var body: [UInt8] = []
        body.reserveCapacity(20 + captured + 3)
        body.append(packet.interfaceID, order: byteOrder)
        body.append(UInt32(truncatingIfNeeded: units >> 32), order: byteOrder)
        body.append(UInt32(truncatingIfNeeded: units), order: byteOrder)
        body.append(UInt32(captured), order: byteOrder)
        body.append(UInt32(packet.originalLength), order: byteOrder)
        body.append(contentsOf: packet.bytes.prefix(captured))
        body.pad(toMultipleOf: 4)
        try output.write(block(type: 6, body: body))
    }

    public func close() throws { try output.close() }

    public var bytesWritten: Int { output.totalBytes }

    private func sectionHeaderBody() -> [UInt8] {
        var body: [UInt8] = []
        body.append(UInt32(0x1A2B_3C4D), order: byteOrder)
        body.append(UInt16(1), order: byteOrder)
        body.append(UInt16(0), order: byteOrder)
        body.append(UInt64.max, order: byteOrder)  // section length unknown: we stream
        return body
    }

    private func interfaceBody(_ interface: PcapngInterface) -> [UInt8] {
        var body: [UInt8] = []
        body.append(UInt16(truncatingIfNeeded: interface.linkType), order: byteOrder)
        body.append(UInt16(0), order: byteOrder)
        body.append(interface.snaplen, order: byteOrder)
        var options: [(code: UInt16, value: [UInt8])] = []
        if let name = interface.name { options.append((2, Array(name.utf8))) }
        if interface.nanosecondResolution { options.append((9, [9])) }
        for option in options {
            body.append(option.code, order: byteOrder)
            body.append(UInt16(option.value.count), order: byteOrder)
            body.append(contentsOf: option.value)
            body.pad(toMultipleOf: 4)
        }
        if !options.isEmpty { body.append(contentsOf: [0, 0, 0, 0]) }  // opt_endofopt
        return body
    }

    /// Frames a body (already padded to 32 bits) with type and the length that
    /// pcapng repeats at both ends so readers can walk backwards.
    private func block(type: UInt32, body: [UInt8]) -> [UInt8] {
        let length = UInt32(12 + body.count)
        var out: [UInt8] = []
        out.reserveCapacity(Int(length))
        out.append(type, order: byteOrder)
        out.append(length, order: byteOrder)
        out.append(contentsOf: body)
        out.append(length, order: byteOrder)
        return out
    }
}
