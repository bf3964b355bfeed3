import Foundation
import XCTest

/// A real nginx on 127.0.0.1 with `ssl_verify_client on`, certificates made with the
/// openssl command line, and an upload location that keeps every request body in a
/// file (client_body_in_file_only) before a second server block answers 200.
final class NginxFixture {
    static let nginx = "/usr/sbin/nginx"
    static let openssl = "/usr/bin/openssl"

    let directory: URL
    let port: Int
    private let backendPort: Int
    private var process: Process?

    var url: String { "https://127.0.0.1:\(port)/upload" }
    var bodies: URL { directory.appendingPathComponent("bodies") }
    var accessLog: URL { directory.appendingPathComponent("access.log") }
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Fails the test loudly when nginx or openssl is missing: CI installs them
    /// (scripts/install-deps.sh --test), so a missing one is a broken machine.
    init() throws {
        for (tool, package) in [(Self.nginx, "nginx"), (Self.openssl, "openssl")] where !FileManager.default.isExecutableFile(atPath: tool) {
            XCTFail("MISSING DEBIAN PACKAGE '\(package)': \(tool) not found; run scripts/install-deps.sh --test (apt-get install \(package))")
            throw XCTSkip("\(package) is not installed")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-nginx-\(UUID().uuidString)")
        port = try Self.freePort()
        backendPort = try Self.freePort()
        try FileManager.default.createDirectory(at: bodies, withIntermediateDirectories: true)
        try makeCertificates()
        try writeConfiguration()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// ca: the trusted CA; server and client certificates signed by it. rogue-ca: another
    /// CA, with a server and a client certificate of its own.
    private func makeCertificates() throws {
        try Data("subjectAltName = IP:127.0.0.1, DNS:localhost\n".utf8).write(to: directory.appendingPathComponent("san.cnf"))
        for ca in ["ca", "rogue-ca"] {
            try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", "\(ca).key", "-out", "\(ca).pem", "-days", "2", "-subj", "/CN=otsensor test \(ca)"])
        }
        for (name, ca) in [("server", "ca"), ("client", "ca"), ("rogue-server", "rogue-ca"), ("rogue-client", "rogue-ca")] {
            try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name == "client" ? "sensor-1" : "127.0.0.1")"])
            try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "\(ca).pem", "-CAkey", "\(ca).key", "-CAcreateserial",
                         "-out", "\(name).pem", "-days", "2", "-extfile", "san.cnf"])
        }
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.openssl)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("openssl \(arguments.joined(separator: " ")): \(text)") }
    }

    private func writeConfiguration(serverCertificate: String = "server") throws {
        let d = directory.path
        let config = """
            \(geteuid() == 0 ? "user root;" : "")
            daemon off;
            master_process on;
            worker_processes 1;
            pid \(d)/nginx.pid;
            error_log \(d)/error.log info;
            events { worker_connections 64; }
            http {
                client_body_temp_path \(d)/bodies;
                proxy_temp_path \(d)/proxy;
                fastcgi_temp_path \(d)/fastcgi;
                uwsgi_temp_path \(d)/uwsgi;
                scgi_temp_path \(d)/scgi;
                log_format upload '$status $request_uri $http_x_content_sha256 "$content_type" "$ssl_client_s_dn"';
                access_log \(d)/access.log upload;
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(d)/\(serverCertificate).pem;
                    ssl_certificate_key \(d)/\(serverCertificate).key;
                    ssl_client_certificate \(d)/ca.pem;
                    ssl_verify_client on;
                    client_max_body_size 200m;
                    location /upload {
                        client_body_in_file_only on;
                        proxy_pass http://127.0.0.1:\(backendPort)/stored;
                    }
                }
                server {
                    listen 127.0.0.1:\(backendPort);
                    access_log off;
                    location / { return 200 "stored\\n"; }
                }
            }

            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("nginx.conf"))
    }

    /// Starts nginx (optionally presenting the rogue CA's server certificate) and waits
    /// until it accepts connections.
    func start(serverCertificate: String = "server") throws {
        try writeConfiguration(serverCertificate: serverCertificate)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.nginx)
        process.arguments = ["-p", directory.path, "-e", path("error.log"), "-c", path("nginx.conf")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if Self.accepts(port: port) && Self.accepts(port: backendPort) { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        throw FixtureError("nginx did not start on port \(port): \(log)")
    }

    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    /// The request bodies nginx stored, oldest first.
    func storedBodies() throws -> [Data] {
        var files: [URL] = []
        if let enumerator = FileManager.default.enumerator(at: bodies, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where !url.hasDirectoryPath { files.append(url) }
        }
        return try files.sorted { $0.lastPathComponent < $1.lastPathComponent }.map { try Data(contentsOf: $0) }
    }

    func accessLines() -> [String] {
        ((try? String(contentsOf: accessLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw FixtureError("no free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Splits a multipart/form-data body into its parts: (headers, content), byte for byte.
enum MultipartParser {
    static func parts(of body: Data, boundary: String) -> [(headers: String, content: Data)] {
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [(String, Data)] = []
        var cursor = body.startIndex
        var pieces: [Range<Data.Index>] = []
        while let found = body.range(of: delimiter, in: cursor..<body.endIndex) {
            pieces.append(found)
            cursor = found.upperBound
        }
        for (start, end) in zip(pieces, pieces.dropFirst()) {
            // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
            let part = body[(start.upperBound + 2)..<(end.lowerBound - 2)]
            guard let split = part.range(of: Data("\r\n\r\n".utf8)) else { continue }
            parts.append((String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self), Data(part[split.upperBound...])))
        }
        return parts
    }
}
