/// A rule's port group (`[80,8080:8090,!8085]`, `!$HTTP_PORTS`, `1024:`) as
/// sorted, disjoint ranges.
public struct PortSet: Sendable, Equatable {
    var ranges: [ClosedRange<UInt16>]

    static let any = PortSet(ranges: [0...UInt16.max])

    public func contains(_ port: UInt16) -> Bool {
        for range in ranges where range.contains(port) { return true }
        return false
    }

    var isAny: Bool { self == .any }
}
