/// The parts of an HTTP transaction that Suricata's rules inspect and Zeek's
/// http.log does not keep: the status line, how far each message got, and
/// the bodies as delivered to detection (dechunked and decompressed, up to
/// Suricata's default body limit).
public struct HTTPInspectionRecord: Sendable {
    /// Suricata's `request-body-limit` and `response-body-limit` (100 KiB).
    public static let bodyLimit = 100 * 1024
    /// Suricata's `request-body-minimal-inspect-size` (32 KiB) and
    /// `response-body-minimal-inspect-size` (40 KiB): a body still arriving
    /// is inspected once it has this much.
    public static let requestInspectSize = 32 * 1024
    public static let responseInspectSize = 40 * 1024

    public var statusLine: [UInt8]?
    public var requestHeadersComplete = false
    public var requestComplete = false
    public var responseHeadersComplete = false
    public var responseComplete = false
    public var requestBody: [UInt8] = []
    public var responseBody: [UInt8] = []

    public init() {}
}
