import Foundation

/// libpcap's counts for one live-capture slice, written beside the capture as
/// `incoming/<id>.capture.json` and carried into the slice's logs as capture.json, so
/// the cloud and `support` can tell a quiet network from a sensor that dropped packets.
public struct CaptureStatistics: Codable, Sendable, Equatable {
    public var interface: String
    public var slice: String
    public var start: Date
    public var end: Date
    /// Packets written to the slice's file.
    public var written: Int
    /// pcap_stats' ps_recv, ps_drop and ps_ifdrop over the slice. A packet the
    /// kernel counted just before the slice ended is written in the next one, so
    /// one slice's `written` may exceed its `received` by a few; over consecutive
    /// slices the sums agree.
    public var received: UInt64
    public var dropped: UInt64
    public var interfaceDropped: UInt64

    public init(interface: String, slice: String, start: Date, end: Date, written: Int,
                received: UInt64, dropped: UInt64, interfaceDropped: UInt64) {
        self.interface = interface
        self.slice = slice
        self.start = start
        self.end = end
        self.written = written
        self.received = received
        self.dropped = dropped
        self.interfaceDropped = interfaceDropped
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public static func decode(_ data: Data) throws -> CaptureStatistics {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(CaptureStatistics.self, from: data)
    }
}
