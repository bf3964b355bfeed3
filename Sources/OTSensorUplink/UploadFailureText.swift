import AsyncHTTPClient
import Foundation
import NIOCore
import OTSensorCore

/// Turns what NIO, BoringSSL and the HTTP client throw into a sentence an
/// operator can act on: it names the host and port, the file or the setting
/// to look at, never a library's error type or source line.
enum UploadFailureText {
    static func describe(_ error: Error, settings: UploadSettings) -> String {
        let components = URLComponents(string: settings.url)
        let host = components?.host ?? settings.url
        let port = components?.port ?? 443
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's certificate is not signed by \(settings.caFile) (upload.ca): \(host) is not the "
                + "server this sensor trusts, or upload.ca names the wrong CA"
        }
        if isRefused(error) || text.contains("Connection refused") {
            return "cannot connect to \(host):\(port) (upload.url): the connection was refused; "
                + "is the server running and listening on port \(port)?"
        }
        if let client = error as? HTTPClientError, client == .connectTimeout || client == .deadlineExceeded {
            return "no answer from \(host):\(port) (upload.url) within the time allowed (upload.timeout, "
                + "\(Int(settings.timeout)) s)"
        }
        if let client = error as? HTTPClientError, client == .remoteConnectionClosed {
            return "\(host):\(port) (upload.url) closed the connection before answering"
        }
        return "POST \(URLRedaction.redacted(settings.url)) failed: \(text)"
    }

    /// NIO's own error for a refused connect; the text check above also catches the
    /// happy-eyeballs wrapper that lists one such error per address tried.
    private static func isRefused(_ error: Error) -> Bool {
        (error as? IOError)?.errnoCode == ECONNREFUSED
    }
}
