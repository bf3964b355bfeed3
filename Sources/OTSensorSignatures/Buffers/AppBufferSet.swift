/// Named application buffers in one contiguous store, so that a feeder can
/// hand any number of them to the engine as `SignaturePacket.appBuffers`
/// without one closure level per buffer.
public struct AppBufferSet {
    private var storage: [UInt8] = []
    private var entries: [(name: String, range: Range<Int>)] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var names: [String] { entries.map(\.name) }

    public mutating func add(_ name: String, _ bytes: some Sequence<UInt8>) {
        let start = storage.count
        storage.append(contentsOf: bytes)
        entries.append((name, start..<storage.count))
    }

    /// The bytes of buffer `name`, if it was added (tests and reports).
    public func bytes(_ name: String) -> [UInt8]? {
        entries.first { $0.name == name }.map { Array(storage[$0.range]) }
    }

    /// Calls `body` with the buffers as the engine takes them; they are
    /// valid only during the call.
    public func withBuffers<R>(_ body: ([(name: String, bytes: UnsafeRawBufferPointer)]) -> R) -> R {
        storage.withUnsafeBytes { all in
            body(entries.map { ($0.name, UnsafeRawBufferPointer(rebasing: all[$0.range])) })
        }
    }
}
