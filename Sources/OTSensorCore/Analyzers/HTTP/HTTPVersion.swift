/// An HTTP version as Zeek's analyzer keeps it: one digit each, 0.0 when
/// unknown or unreadable.
struct HTTPVersion: Equatable, Sendable {
    var major: UInt8 = 0
    var minor: UInt8 = 0

    static let unknown = HTTPVersion()
    static let http09 = HTTPVersion(major: 0, minor: 9)
    static let http11 = HTTPVersion(major: 1, minor: 1)

    /// Reads `[0-9].[0-9]` at the start of `bytes` (what follows is ignored);
    /// anything else is `unknown`, as Zeek's `HTTP_Version`.
    init(reading bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 3, HTTPSyntax.isDigit(bytes[0]), bytes[1] == UInt8(ascii: "."),
              HTTPSyntax.isDigit(bytes[2]) else { return }
        major = bytes[0] - 0x30
        minor = bytes[2] - 0x30
    }

    init(major: UInt8 = 0, minor: UInt8 = 0) {
        self.major = major
        self.minor = minor
    }

    /// Later than 1.0: Zeek then assumes the connection is kept alive.
    var isPersistent: Bool { major > 1 || (major == 1 && minor > 0) }

    /// Zeek's `fmt("%.1f", version)`.
    var text: [UInt8] { [major + 0x30, UInt8(ascii: "."), minor + 0x30] }
}
