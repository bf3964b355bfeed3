import Foundation

/// A multipart/form-data body (RFC 7578) with text fields and one file, built in
/// memory: archives are a minute of logs, and the server needs the length up front.
public struct MultipartForm: Sendable {
    public let boundary: String
    private var body = Data()

    public init(boundary: String = "otsensor-\(UUID().uuidString)") { self.boundary = boundary }

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    public mutating func addField(_ name: String, value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }

    public mutating func addFile(_ name: String, fileName: String, contentType: String, contents: Data) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
        body.append(contents)
        body.append(Data("\r\n".utf8))
    }

    /// The body with its closing delimiter.
    public var encoded: Data { body + Data("--\(boundary)--\r\n".utf8) }
}
