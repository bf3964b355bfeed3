/// Bounds of a stream's state file. A sensor watching a scan or a flood would
/// otherwise carry every half-open connection from slice to slice; past a
/// bound the connections idle longest are written in this slice's conn.log
/// instead of carried, and counted in the manifest.
public struct CarriedStateLimits: Sendable {
    public var connections: Int
    public var bytes: Int

    public init(connections: Int = 1_000_000, bytes: Int = 1 << 30) {
        self.connections = connections
        self.bytes = bytes
    }
}
