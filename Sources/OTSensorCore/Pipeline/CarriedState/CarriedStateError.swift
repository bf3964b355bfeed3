/// Why a state file cannot be used. The slice is then analysed without it and
/// the manifest says why; a state file never stops a slice.
public enum CarriedStateError: Error, Equatable, CustomStringConvertible {
    /// Cut short, or a field that cannot be what was written.
    case malformed(String)
    /// The content does not match its checksum.
    case checksumMismatch
    /// Written by another otsensor version or with other analyzers.
    case otherConfiguration(String)
    /// The slice starts before the last packet the state has seen: slices
    /// given out of order.
    case outOfOrder(stateLastPacket: Timestamp, sliceFirstPacket: Timestamp)
    case unreadable(String)

    public var description: String {
        switch self {
        case .malformed(let detail): "the state file is damaged (\(detail))"
        case .checksumMismatch: "the state file does not match its checksum (damaged)"
        case .otherConfiguration(let written):
            "the state file was written by another otsensor version or configuration (\(written))"
        case .outOfOrder(let last, let first):
            "this slice starts at \(first.zeekText), before the last packet the state has seen (\(last.zeekText)): "
                + "slices given out of order"
        case .unreadable(let reason): "the state file cannot be read (\(reason))"
        }
    }
}
