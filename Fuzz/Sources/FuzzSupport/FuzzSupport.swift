import CLibFuzzer
#if canImport(Glibc)
import Glibc
#endif
import OTSensorCore

/// Runs libFuzzer with the process's arguments on `target`, the same function each target
/// also exports as `LLVMFuzzerTestOneInput`: every target's `@main` calls this.
public func runFuzzer(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, target))
}

/// What the fuzz targets share.
///
/// Most targets read their input as a format byte and then records, so that one input can
/// carry several datagrams, frames or stream chunks (aggregation, sessions and reassembly
/// see more than one message) and seeds can be cut from captures (Fuzz/make-corpus.py):
///
///     input  = format byte, record*
///     record = flags byte, length (2 bytes, big-endian), `length` bytes
///
/// The format byte's low two bits pick the log format rows are encoded in. A record's flags
/// mean what the target says (direction, port, gap); a last record shorter than its length
/// takes what is left.
public struct FuzzInput {
    public let bytes: UnsafeRawBufferPointer

    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size > 0 ? size : 0)
    }

    /// The log format picked by the first byte.
    public var format: LogFormat {
        switch (bytes.first ?? 0) & 3 {
        case 1: .json
        case 2: .osect
        default: .zeekTSV
        }
    }

    /// Calls `body` with each record's flags and bytes, in order.
    public func forEachRecord(_ body: (UInt8, UnsafeRawBufferPointer) -> Void) {
        var at = 1
        while at < bytes.count {
            let flags = bytes[at]
            let length = at + 2 < bytes.count ? Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) : 0
            let start = min(bytes.count, at + 3), end = min(bytes.count, start + length)
            body(flags, UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            at = end
        }
    }
}

public enum Harness {
    public static let client = IPAddress(ipv4: 0xC0A8_010A)
    public static let server = IPAddress(ipv4: 0xC0A8_0114)

    public static func environment(_ format: LogFormat, p0f: P0fDatabase = .empty) -> AnalyzerEnvironment {
        var environment = AnalyzerEnvironment(format: format, p0fDatabase: p0f)
        environment.context = context(format)
        return environment
    }

    public static func context(_ format: LogFormat) -> LogContext {
        LogContext(sliceSeed: 1, format: format, localNetworks: .zeekctlDefault)
    }

    /// A connection from `client:origPort` to `server:respPort`.
    public static func connection(origPort: UInt16, respPort: UInt16, ipProtocol: UInt8,
                                  serial: UInt64 = 1, time: Timestamp = .zero) -> ConnectionView {
        let key = FlowKey(source: client, sourcePort: origPort, destination: server, destinationPort: respPort,
                          ipProtocol: ipProtocol)
        return ConnectionView(reference: ConnectionReference(key: key, start: .zero, shard: 0, serial: serial),
                              origAddress: client, origPort: origPort, respAddress: server, respPort: respPort,
                              ipProtocol: ipProtocol, time: time)
    }

    /// Ends the connection (when there is one) and the analyzer, and encodes its rows, as the
    /// end of a slice does.
    public static func finish<A: PacketAnalyzer>(_ analyzer: A, format: LogFormat, ending connection: ConnectionView?) {
        if let connection { analyzer.connectionEnded(connection) }
        analyzer.finish()
        var buffers = A.logs.map { LogRowBuffer(schema: $0.schema(for: format), format: format) }
        analyzer.emit(into: &buffers, context: context(format))
        var rows = 0
        for buffer in buffers { rows &+= buffer.count }
        blackHole(rows)
    }

    /// Feeds every record to a TCP analyzer as a chunk of one direction's
    /// reassembled stream, on one connection to `respPort`. Flags: bit 0 set,
    /// the originator sent the chunk; bit 1 set, bytes were lost in that
    /// direction before it.
    public static func stream<A: PacketAnalyzer>(_ type: A.Type, respPort: UInt16, _ input: FuzzInput) {
        let analyzer = A(environment: environment(input.format))
        var connection = connection(origPort: 49_152, respPort: respPort, ipProtocol: 6)
        input.forEachRecord { flags, chunk in
            let isOrig = flags & 1 != 0
            if flags & 2 != 0 { analyzer.streamGap(length: 1, isOrig: isOrig, connection: connection) }
            analyzer.streamData(chunk, isOrig: isOrig, connection: &connection)
        }
        finish(analyzer, format: input.format, ending: connection)
    }

    /// Feeds every record to a UDP analyzer as one datagram. Flags: bit 0 set, the originator
    /// sent it; bits 1…3 pick the port from `A.interest.udpPorts`, bits 4…5 the originator's
    /// port (the same, the next one, the one before it, or an ephemeral one).
    public static func datagrams<A: PacketAnalyzer>(_ type: A.Type, _ input: FuzzInput) {
        let format = input.format
        let analyzer = A(environment: environment(format))
        let ports = A.interest.udpPorts
        var last: ConnectionView?
        var time = Timestamp.zero
        input.forEachRecord { flags, payload in
            let port = ports[Int(flags >> 1 & 7) % ports.count]
            let origPort: UInt16 = switch flags >> 4 & 3 {
            case 0: port
            case 1: port &+ 1
            case 2: port &- 1
            default: 49_152
            }
            time = Timestamp(nanoseconds: time.nanoseconds + 1_000_000)
            var connection = connection(origPort: origPort, respPort: port, ipProtocol: 17,
                                        serial: UInt64(port) << 16 | UInt64(origPort), time: time)
            var packet = PacketInfo()
            packet.timestamp = time
            packet.source = flags & 1 != 0 ? client : server
            packet.destination = flags & 1 != 0 ? server : client
            packet.ipProtocol = 17
            packet.sourcePort = flags & 1 != 0 ? origPort : port
            packet.destinationPort = flags & 1 != 0 ? port : origPort
            analyzer.datagram(payload, packet: packet, isOrig: flags & 1 != 0, connection: &connection)
            last = connection
        }
        finish(analyzer, format: format, ending: last)
    }
}

extension Harness {
    /// Decodes every record as an Ethernet frame, a millisecond after the one before, and
    /// calls `body` with what the decoder made of it.
    public static func frames(_ input: FuzzInput,
                              _ body: (DecodeOutcome, PacketInfo, UnsafeRawBufferPointer) -> Void) {
        let decoder = PacketDecoder()
        var time: Int64 = 0
        input.forEachRecord { _, frame in
            time += 1_000_000
            var info = PacketInfo()
            info.timestamp = Timestamp(nanoseconds: time)
            info.wireLength = frame.count
            let outcome = decoder.decode(frame, linkType: LinkType.ethernet.rawValue, into: &info)
            body(outcome, info, frame)
        }
    }

    /// The connection a decoded packet belongs to, its sender as the originator.
    public static func connection(of packet: PacketInfo) -> ConnectionView {
        let key = FlowKey(source: packet.source, sourcePort: packet.sourcePort, destination: packet.destination,
                          destinationPort: packet.destinationPort, ipProtocol: packet.ipProtocol)
        return ConnectionView(reference: ConnectionReference(key: key, start: packet.timestamp, shard: 0, serial: 1),
                              origAddress: packet.source, origPort: packet.sourcePort,
                              respAddress: packet.destination, respPort: packet.destinationPort,
                              ipProtocol: packet.ipProtocol, time: packet.timestamp,
                              origL2Address: packet.sourceMAC, respL2Address: packet.destinationMAC)
    }
}

/// Keeps a value alive without the optimizer removing the work that made it.
@inline(never)
public func blackHole<T>(_ value: T) {}
