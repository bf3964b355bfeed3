/// Reassembles IPv4 and IPv6 fragments into whole datagrams before flow
/// tracking, as Zeek does: a connection sees one packet per datagram.
///
/// Memory is bounded: at most `maximumDatagrams` in progress, each at most
/// 65,535 bytes, and a datagram not completed within `timeout` is dropped
/// (counted, never silently).
public struct FragmentReassembler {
    struct Key: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var id: UInt32
        var ipProtocol: UInt8
    }

    struct Pending {
        var header: [UInt8] = []
        var payload: [UInt8] = []
        var covered: [Range<Int>] = []
        var totalPayload: Int?
        var firstSeen: Timestamp
    }

    public var maximumDatagrams = 4096
    public var timeout = Duration.seconds(60)
    private var pending: [Key: Pending] = [:]
    private var arrival: [Key] = []
    public private(set) var droppedDatagrams = 0

    public init() {}

    /// Adds one fragment (`info` decoded by `PacketDecoder`, `bytes` the frame).
    /// Returns the complete datagram, starting at its IP header, when this
    /// fragment completed it.
    public mutating func add(_ info: PacketInfo, bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        expire(before: info.timestamp)
        let key = Key(source: info.source, destination: info.destination, id: info.fragmentID,
                      ipProtocol: info.ipProtocol)
        let start = info.fragmentOffset
        let available = max(0, min(info.transportLength, bytes.count - info.transportOffset))
        let end = start + available
        guard end <= 65_535 else {
            pending[key] = nil
            droppedDatagrams += 1
            return nil
        }
        var entry = pending[key] ?? {
            if pending.count >= maximumDatagrams { evictOldest() }
            arrival.append(key)
            return Pending(firstSeen: info.timestamp)
        }()
        if entry.payload.count < end { entry.payload.append(contentsOf: repeatElement(0, count: end - entry.payload.count)) }
        entry.payload.withUnsafeMutableBytes { target in
            let source = UnsafeRawBufferPointer(rebasing: bytes[info.transportOffset..<(info.transportOffset + available)])
            target.baseAddress!.advanced(by: start).copyMemory(from: source.baseAddress!, byteCount: available)
        }
        entry.covered.append(start..<end)
        if start == 0 { entry.header = header(of: info, bytes: bytes) }
        if !info.moreFragments { entry.totalPayload = end }
        guard let total = entry.totalPayload, !entry.header.isEmpty, isCovered(entry.covered, upTo: total) else {
            pending[key] = entry
            return nil
        }
        pending[key] = nil
        return assemble(entry, total: total, version: info.ipVersion)
    }

    /// The first fragment's header: IPv4's header, or IPv6's unfragmentable part
    /// (base header and the extension headers before the Fragment header) with
    /// the Fragment header cut out.
    private func header(of info: PacketInfo, bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let end = info.ipVersion == 4 ? info.networkOffset + info.ipHeaderLength : info.fragmentHeaderOffset
        var header = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[info.networkOffset..<end]))
        if info.ipVersion == 6 { header[info.fragmentNextHeaderField - info.networkOffset] = info.ipProtocol }
        return header
    }

    private func assemble(_ entry: Pending, total: Int, version: UInt8) -> [UInt8] {
        var datagram = entry.header
        datagram.append(contentsOf: entry.payload[0..<total])
        if version == 4 {
            let length = datagram.count
            datagram[2] = UInt8(length >> 8)
            datagram[3] = UInt8(length & 0xFF)
            datagram[6] = 0
            datagram[7] = 0
            datagram[10] = 0
            datagram[11] = 0
            let checksum = ~datagram.withUnsafeBytes {
                InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: $0[0..<entry.header.count]))
            }
            datagram[10] = UInt8(checksum >> 8)
            datagram[11] = UInt8(checksum & 0xFF)
        } else {
            let length = datagram.count - 40
            datagram[4] = UInt8(length >> 8)
            datagram[5] = UInt8(length & 0xFF)
        }
        return datagram
    }

    private func isCovered(_ ranges: [Range<Int>], upTo total: Int) -> Bool {
        var reached = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > reached { return false }
            reached = max(reached, range.upperBound)
        }
        return reached >= total
    }

    private mutating func expire(before now: Timestamp) {
        while let oldest = arrival.first {
            guard let entry = pending[oldest] else {
                arrival.removeFirst()
                continue
            }
            guard now.interval(since: entry.firstSeen) > timeout else { return }
            pending[oldest] = nil
            arrival.removeFirst()
            droppedDatagrams += 1
        }
    }

    private mutating func evictOldest() {
        while let oldest = arrival.first {
            arrival.removeFirst()
            if pending.removeValue(forKey: oldest) != nil {
                droppedDatagrams += 1
                return
            }
        }
    }
}
