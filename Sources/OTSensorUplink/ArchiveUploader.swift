import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import OTSensorCore

/// How one upload ended.
public enum UploadOutcome: Sendable, Equatable {
    /// The server answered 2xx.
    case delivered(status: Int)
    /// The server answered, but not 2xx.
    case rejected(status: Int, body: String)
    /// No answer: refused, timed out, TLS failure, unreadable certificate...
    case failed(String)
}

/// POSTs archives as multipart/form-data over HTTPS with a client certificate,
/// verifying the server against the configured CA bundle only (not the system's).
public final class ArchiveUploader: Sendable {
    public let settings: UploadSettings
    private let client: HTTPClient

    public init(settings: UploadSettings) throws {
        self.settings = settings
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.trustRoots = .file(settings.caFile)
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile(settings.certificateFile).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: settings.keyFile, format: .pem))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(30), read: .seconds(Int64(settings.timeout)))
        // A refused connection or a failed handshake ends this attempt at once with its own
        // error (not a later timeout); cron's next minute and the spool's backoff retry.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// `sha256` goes in `X-Content-SHA256` so the server can check the archive it stored.
    public func upload(archive: Data, fileName: String, sha256: String) async -> UploadOutcome {
        var form = MultipartForm()
        form.addField("label_id", value: settings.label)
        form.addFile("file_uploaded", fileName: fileName, contentType: "application/zstd", contents: archive)
        var request = HTTPClientRequest(url: settings.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.headers.add(name: "X-Content-SHA256", value: sha256)
        request.headers.add(name: "User-Agent", value: "otsensor")
        request.body = .bytes(ByteBuffer(bytes: form.encoded))
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(settings.timeout)))
            let body = try await response.body.collect(upTo: 64 << 10)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return .delivered(status: status) }
            return .rejected(status: status, body: String(buffer: body).prefix(200).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return .failed(UploadFailureText.describe(error, settings: settings))
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
