/// Slices of one capture stream in time order: what one sensor captured on one
/// interface, minute after minute, and what carried state follows from one
/// slice to the next.
public struct CaptureStream: Sendable, Equatable {
    /// The stream's directory below the archive's root (`""` for the root itself).
    public let key: String
    public var slices: [ArchivedSlice]

    public init(key: String, slices: [ArchivedSlice]) {
        self.key = key
        self.slices = Self.timeOrdered(slices)
    }

    /// How the stream is named in messages.
    public var displayName: String { key.isEmpty ? "." : key }

    /// By first packet time, then by relative path. A slice without a packet time
    /// (empty, or not a capture) keeps its place in name order: it takes the time of
    /// the slice before it by name, so that a bad slice is reported where it lies.
    static func timeOrdered(_ slices: [ArchivedSlice]) -> [ArchivedSlice] {
        let byName = slices.sorted { $0.relativePath < $1.relativePath }
        var effective: [Timestamp] = []
        for slice in byName {
            effective.append(slice.firstPacket ?? effective.last ?? Timestamp(nanoseconds: .min))
        }
        return zip(effective, byName).enumerated()
            .sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
            .map(\.element.1)
    }
}
