/// A timeline of packets from any number of sessions, written in one go.
public struct Capture: Sendable {
    public var packets: [Packet]

    public init(_ packets: [Packet] = []) {
        self.packets = packets
    }

    public mutating func append(_ packet: Packet) {
        packets.append(packet)
    }

    public mutating func append(contentsOf more: [Packet]) {
        packets.append(contentsOf: more)
    }

    /// Packets sorted by time; ties keep their order, so sessions merged with
    /// equal clocks stay readable.
    public func timeOrdered() -> Capture {
        Capture(packets.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element))
    }

    public func write(to path: String, format: CaptureFileFormat = .pcap()) throws {
        let writer = try format.makeWriter(output: OutputBuffer(path: path))
        for packet in packets { try writer.write(packet) }
        try writer.close()
    }

    /// The file contents, for tests that inspect or mangle them.
    public func fileBytes(format: CaptureFileFormat = .pcap()) throws -> [UInt8] {
        let output = OutputBuffer()
        let writer = try format.makeWriter(output: output)
        for packet in packets { try writer.write(packet) }
        return output.bytes
    }
}
