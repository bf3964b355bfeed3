/// Several captures read as one stream, ordered by packet time, as `zeek -r`
/// reads several files and mergecap joins them.
///
/// Each file's next packet waits in a buffer of its own (libpcap reuses its
/// buffer at every read), and the earliest of them is delivered; equal times
/// go in the order the files were named, so the merged stream is the same on
/// every run. A file that is damaged stops contributing; the others are read
/// to their end, and the damage is reported when the stream ends.
final class MergedPacketSource: PacketSource {
    private let sources: [PacketSource]
    private let names: [String]
    private var heads: [Head]
    private var damage: [String] = []

    let linkType: Int32
    let linkTypes: [Int32]

    /// One file's next packet, copied out of the reader's buffer.
    private struct Head {
        var time = Timestamp.zero
        var wireLength = 0
        var linkType: Int32 = 0
        var bytes: [UInt8] = []
        var count = 0
        var isWaiting = false
    }

    init(sources: [PacketSource], names: [String]) {
        self.sources = sources
        self.names = names
        heads = Array(repeating: Head(), count: sources.count)
        linkType = sources.first?.linkType ?? 0
        var seen: [Int32] = []
        for type in sources.flatMap(\.linkTypes) where !seen.contains(type) { seen.append(type) }
        linkTypes = seen
        for index in sources.indices { refill(index) }
    }

    func next(_ body: (Timestamp, Int, Int32, UnsafeRawBufferPointer) -> Void) -> CaptureReadResult {
        var earliest: Int?
        for index in heads.indices where heads[index].isWaiting {
            if let best = earliest, heads[best].time <= heads[index].time { continue }
            earliest = index
        }
        guard let index = earliest else {
            return damage.isEmpty ? .end : .damaged(damage.joined(separator: "; "))
        }
        heads[index].bytes.withUnsafeBytes { bytes in
            body(heads[index].time, heads[index].wireLength, heads[index].linkType,
                 UnsafeRawBufferPointer(rebasing: bytes[..<heads[index].count]))
        }
        refill(index)
        return .packet
    }

    private func refill(_ index: Int) {
        heads[index].isWaiting = false
        let result = sources[index].next { time, length, linkType, bytes in
            if heads[index].bytes.count < bytes.count { heads[index].bytes = [UInt8](repeating: 0, count: bytes.count) }
            heads[index].bytes.withUnsafeMutableBytes { $0.copyMemory(from: bytes) }
            heads[index].count = bytes.count
            heads[index].time = time
            heads[index].wireLength = length
            heads[index].linkType = linkType
            heads[index].isWaiting = true
        }
        if case .damaged(let message) = result { damage.append("\(names[index]): \(message)") }
    }
}
