import CPcap

/// Why a capture file could not be read.
public enum CaptureError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case notReadable(String, reason: String)
    case notACapture(String, reason: String)
    case digestMismatch(String, recorded: String, computed: String)

    public var description: String {
        switch self {
        case .notFound(let path): "no such file: \(path)"
        case .notReadable(let path, let reason): "cannot read \(path): \(reason)"
        case .notACapture(let path, let reason): "\(path) is not a pcap or pcapng capture (\(reason))"
        case .digestMismatch(let path, let recorded, let computed):
            "\(path) does not match its digest: \(path).sha256 records \(recorded), the file hashes to \(computed) "
                + "(it changed after it was captured)"
        }
    }
}

/// How reading one record ended.
public enum CaptureReadResult: Equatable {
    case packet
    case end
    /// The file ends inside a record or a record is corrupt: every packet before
    /// it was delivered.
    case damaged(String)
}

/// Reads pcap and pcapng files through libpcap, with nanosecond timestamps.
///
/// One reader serves one file on one thread; the packet bytes passed to the
/// callback are valid only during the call (libpcap reuses its buffer).
public final class PcapFileReader: PacketSource {
    private let handle: OpaquePointer
    public let path: String
    /// The file's link type (the first interface's, for pcapng).
    public let linkType: Int32
    /// Every interface's link type: libpcap reads a pcapng file only when they are all one.
    public internal(set) var linkTypes: [Int32]

    public init(path: String) throws {
        self.path = path
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_open_offline_with_tstamp_precision(
            path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer)
        else {
            let message = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw CaptureError.notACapture(path, reason: message.isEmpty ? "unreadable header" : message)
        }
        self.handle = handle
        self.linkType = pcap_datalink(handle)
        self.linkTypes = [linkType]
    }

    deinit { pcap_close(handle) }

    /// Reads the next packet and passes its timestamp, wire length, link type and bytes to `body`.
    public func next(_ body: (Timestamp, Int, Int32, UnsafeRawBufferPointer) -> Void) -> CaptureReadResult {
        var headerPointer: UnsafeMutablePointer<pcap_pkthdr>?
        var dataPointer: UnsafePointer<UInt8>?
        switch pcap_next_ex(handle, &headerPointer, &dataPointer) {
        case 1:
            guard let header = headerPointer?.pointee else { return .damaged("libpcap returned no header") }
            let time = Timestamp.captured(seconds: header.ts.tv_sec, nanoseconds: Int64(header.ts.tv_usec))
            body(time, Int(header.len), linkType, UnsafeRawBufferPointer(start: dataPointer, count: Int(header.caplen)))
            return .packet
        case -2:
            return .end
        default:
            return .damaged(String(cString: pcap_geterr(handle)))
        }
    }
}
