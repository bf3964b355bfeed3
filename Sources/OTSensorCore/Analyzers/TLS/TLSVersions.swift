/// The version checks of Zeek's SSL analyzer (ssl-defs.pac, ssl-protocol.pac),
/// which decide between confirmation and violation.
enum TLSVersions {
    static let sslV2: UInt16 = 0x0002

    /// `version_ok`: the hello versions Zeek accepts, TLS 1.3 drafts and DTLS included.
    static func isAcceptedHello(_ version: UInt16) -> Bool {
        if version >> 8 == 0x7F { return true }
        switch version {
        case sslV2, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0xFEFF, 0xFEFD, 0xFEFC: return true
        default: return false
        }
    }

    /// The record-layer versions of `determine_ssl_record_layer`: SSL 3.0 to
    /// TLS 1.2 (TLS 1.3 keeps 0x0303 on the record layer).
    static func isRecordLayer(_ version: UInt16) -> Bool {
        (0x0300...0x0303).contains(version)
    }

    /// The versions an SSLv2-framed client hello may announce.
    static func isSSLv2ClientHello(_ version: UInt16) -> Bool {
        version == sslV2 || isRecordLayer(version)
    }
}
