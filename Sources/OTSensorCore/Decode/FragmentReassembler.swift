/// Reassembles IPv4 and IPv6 fragments into whole datagrams before flow
/// tracking, as Zeek does: a connection sees one packet per datagram.
///
/// Everything here is driven by the sender, so every bound is explicit and every
/// datagram given up is counted, by reason, in `anomalies`:
/// - at most `maximumDatagrams` in progress (the oldest is evicted);
/// - at most `maximumFragments` fragments per datagram (a flood of tiny or
///   overlapping fragments would otherwise cost time and memory per packet);
/// - a reassembled datagram must fit its IP length field (IPv4's total length,
///   IPv6's payload length: 65,535), header and extension headers included —
///   the "ping of death";
/// - a datagram not completed within `timeout` is dropped.
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
        /// The payload ranges received so far: sorted, disjoint and not adjacent.
        var covered: [Range<Int>] = []
        var fragments = 0
        var totalPayload: Int?
        var firstSeen: Timestamp
    }

    /// The largest value of the IP length field, which every datagram must fit.
    static let maximumIPLength = 65_535

    public var maximumDatagrams = 4096
    public var maximumFragments = 1024
    public var timeout = Duration.seconds(60)
    private var pending: [Key: Pending] = [:]
    private var arrival: [Key] = []
    private var arrivalStart = 0
    /// Datagrams given up, by reason (the manifest's `anomalies`).
    public private(set) var anomalies = AnomalyCounts()

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
        guard Self.lengthField(version: info.ipVersion, header: Self.headerLength(of: info), payload: end)
                <= Self.maximumIPLength else {
            give(up: key, reason: "ip_fragment_datagram_too_long")
            return nil
        }
        var entry = pending[key] ?? {
            if pending.count >= maximumDatagrams { evictOldest() }
            compactArrival()
            arrival.append(key)
            return Pending(firstSeen: info.timestamp)
        }()
        entry.fragments += 1
        guard entry.fragments <= maximumFragments else {
            give(up: key, reason: "ip_fragment_too_many_fragments")
            return nil
        }
        if entry.payload.count < end { entry.payload.append(contentsOf: repeatElement(0, count: end - entry.payload.count)) }
        if available > 0 {
            entry.payload.withUnsafeMutableBytes { target in
                let source = UnsafeRawBufferPointer(rebasing: bytes[info.transportOffset..<(info.transportOffset + available)])
                target.baseAddress!.advanced(by: start).copyMemory(from: source.baseAddress!, byteCount: available)
            }
            Self.cover(start..<end, in: &entry.covered)
        }
        if start == 0 { entry.header = header(of: info, bytes: bytes) }
        if !info.moreFragments { entry.totalPayload = end }
        guard let total = entry.totalPayload, !entry.header.isEmpty, Self.isCovered(entry.covered, upTo: total) else {
            pending[key] = entry
            return nil
        }
        pending[key] = nil
        // The first fragment's header decides the length; it may be longer than this fragment's.
        guard Self.lengthField(version: info.ipVersion, header: entry.header.count, payload: total)
                <= Self.maximumIPLength else {
            anomalies.record("ip_fragment_datagram_too_long")
            return nil
        }
        return assemble(entry, total: total, version: info.ipVersion)
    }

    /// The bytes before the payload in the reassembled datagram: IPv4's header,
    /// or IPv6's unfragmentable part without the Fragment header.
    private static func headerLength(of info: PacketInfo) -> Int {
        info.ipVersion == 4 ? info.ipHeaderLength : info.fragmentHeaderOffset - info.networkOffset
    }

    /// The value the IP length field of the reassembled datagram must hold.
    private static func lengthField(version: UInt8, header: Int, payload: Int) -> Int {
        version == 4 ? header + payload : header - 40 + payload
    }

    /// The first fragment's header: IPv4's header, or IPv6's unfragmentable part
    /// (base header and the extension headers before the Fragment header) with
    /// the Fragment header cut out.
    private func header(of info: PacketInfo, bytes: UnsafeRawBufferPointer) -> [UInt8] {
        let end = info.networkOffset + Self.headerLength(of: info)
        var header = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[info.networkOffset..<end]))
        if info.ipVersion == 6 { header[info.fragmentNextHeaderField - info.networkOffset] = info.ipProtocol }
        return header
    }

    private func assemble(_ entry: Pending, total: Int, version: UInt8) -> [UInt8] {
        var datagram = entry.header
        datagram.append(contentsOf: entry.payload[0..<total])
        let length = UInt16(Self.lengthField(version: version, header: entry.header.count, payload: total))
        if version == 4 {
            datagram.store(length, at: 2)
            datagram.store(0, at: 6)
            datagram.store(0, at: 10)
            let checksum = ~datagram.withUnsafeBytes {
                InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: $0[0..<entry.header.count]))
            }
            datagram.store(checksum, at: 10)
        } else {
            datagram.store(length, at: 4)
        }
        return datagram
    }

    /// Adds `range` to the sorted, disjoint ranges, merging what it touches.
    private static func cover(_ range: Range<Int>, in ranges: inout [Range<Int>]) {
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        var merged = range, last = low
        while last < ranges.count && ranges[last].lowerBound <= merged.upperBound {
            merged = min(merged.lowerBound, ranges[last].lowerBound)..<max(merged.upperBound, ranges[last].upperBound)
            last += 1
        }
        ranges.replaceSubrange(low..<last, with: CollectionOfOne(merged))
    }

    private static func isCovered(_ ranges: [Range<Int>], upTo total: Int) -> Bool {
        total == 0 || (ranges.first.map { $0.lowerBound == 0 && $0.upperBound >= total } ?? false)
    }

    private mutating func give(up key: Key, reason: String) {
        pending[key] = nil
        anomalies.record(reason)
    }

    private mutating func expire(before now: Timestamp) {
        while let oldest = nextArrival() {
            guard let entry = pending[oldest] else {
                arrivalStart += 1
                continue
            }
            guard now.interval(since: entry.firstSeen) > timeout else { return }
            pending[oldest] = nil
            arrivalStart += 1
            anomalies.record("ip_fragment_datagram_timed_out")
        }
    }

    private mutating func evictOldest() {
        while let oldest = nextArrival() {
            arrivalStart += 1
            if pending.removeValue(forKey: oldest) != nil {
                anomalies.record("ip_fragment_datagram_evicted")
                return
            }
        }
    }

    /// Drops the keys of finished datagrams from the arrival queue once they
    /// outnumber the pending ones: a datagram that never completes and never
    /// times out (times that stand still or go back) would otherwise keep every
    /// later key queued behind it.
    private mutating func compactArrival() {
        guard arrival.count - arrivalStart > 2 * pending.count + 1024 else { return }
        arrival = arrival[arrivalStart...].filter { pending[$0] != nil }
        arrivalStart = 0
    }

    /// The oldest key in arrival order; the consumed front of the queue is
    /// dropped once it is half the array, so taking from it stays O(1).
    private mutating func nextArrival() -> Key? {
        if arrivalStart > 1024 && arrivalStart * 2 > arrival.count {
            arrival.removeFirst(arrivalStart)
            arrivalStart = 0
        }
        return arrivalStart < arrival.count ? arrival[arrivalStart] : nil
    }
}

private extension Array where Element == UInt8 {
    /// Stores `value` big-endian at `offset`.
    mutating func store(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(truncatingIfNeeded: value >> 8)
        self[offset + 1] = UInt8(truncatingIfNeeded: value)
    }
}

extension FragmentReassembler {
    /// The datagrams whose fragments are still arriving when the slice ends,
    /// for the next slice of the stream, oldest first.
    func carry(into writer: inout StateWriter) {
        let keys = arrival[arrivalStart...].filter { pending[$0] != nil }
        writer.put(UInt64(keys.count))
        for key in keys {
            let entry = pending[key]!
            writer.put(key.source)
            writer.put(key.destination)
            writer.put(key.id)
            writer.put(key.ipProtocol)
            writer.put(entry.header)
            writer.put(entry.payload)
            writer.put(UInt64(entry.covered.count))
            for range in entry.covered {
                writer.put(range.lowerBound)
                writer.put(range.upperBound)
            }
            writer.put(entry.fragments)
            writer.put(entry.totalPayload ?? -1)
            writer.put(entry.firstSeen)
        }
    }

    init(carriedFrom reader: inout StateReader) throws {
        self.init()
        for _ in 0..<(try reader.count()) {
            let key = Key(source: try reader.ipAddress(), destination: try reader.ipAddress(), id: try reader.uint32(),
                          ipProtocol: try reader.uint8())
            var entry = Pending(firstSeen: .zero)
            entry.header = try reader.byteString()
            entry.payload = try reader.byteString()
            entry.covered = try (0..<reader.count()).map { _ in
                let low = try reader.int(), high = try reader.int()
                guard 0 <= low, low <= high, high <= entry.payload.count else {
                    throw CarriedStateError.malformed("a fragment range \(low)..<\(high)")
                }
                return low..<high
            }
            entry.fragments = try reader.int()
            let total = try reader.int()
            entry.totalPayload = total < 0 ? nil : total
            entry.firstSeen = try reader.timestamp()
            guard entry.payload.count <= Self.maximumIPLength, pending[key] == nil else {
                throw CarriedStateError.malformed("a fragmented datagram of \(entry.payload.count) bytes")
            }
            pending[key] = entry
            arrival.append(key)
        }
    }
}
