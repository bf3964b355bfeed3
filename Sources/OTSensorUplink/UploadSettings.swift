import Foundation

/// Where and how `send` delivers archives.
public struct UploadSettings: Sendable, Equatable {
    public var url: String
    /// PEM bundle of the CA(s) the server's certificate must chain to.
    public var caFile: String
    /// PEM client certificate (chain); may be the same file as `keyFile`.
    public var certificateFile: String
    /// PEM private key of the client certificate (not encrypted).
    public var keyFile: String
    public var timeout: TimeInterval
    /// Sent in the form field `label_id`.
    public var label: String
    /// Move delivered archives to sent/ instead of deleting them.
    public var keepSent: Bool

    public init(url: String, caFile: String, certificateFile: String, keyFile: String,
                timeout: TimeInterval = 180, label: String = "", keepSent: Bool = false) {
        self.url = url
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.timeout = timeout
        self.label = label
        self.keepSent = keepSent
    }
}
