import Foundation
import XCTest

/// A real HTTPS server process (Python's ssl module, with the server certificate
/// of an `NginxFixture`) that fails the way receivers fail in the field: it
/// answers 500 after reading the whole upload, it never answers, or it drops
/// the connection in the middle of the body. nginx cannot be told to do the
/// last two, so this small server does.
final class MisbehavingServer {
    enum Failure: String {
        case answers500 = "500"
        case neverAnswers = "silent"
        case diesMidTransfer = "dies"
    }

    static let python = "/usr/bin/python3"

    private let process: Process
    let port: Int
    /// How many requests reached the server.
    private let requestLog: URL

    var url: String { "https://127.0.0.1:\(port)/upload" }

    init(_ failure: Failure, certificates nginx: NginxFixture) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            XCTFail("MISSING DEBIAN PACKAGE 'python3': \(Self.python) not found; run scripts/install-deps.sh --test")
            throw XCTSkip("python3 is not installed")
        }
        let script = nginx.directory.appendingPathComponent("misbehaving-\(failure.rawValue).py")
        let portFile = nginx.directory.appendingPathComponent("misbehaving-\(failure.rawValue).port")
        requestLog = nginx.directory.appendingPathComponent("misbehaving-\(failure.rawValue).requests")
        try Data(Self.source.utf8).write(to: script)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [script.path, failure.rawValue, nginx.path("server.pem"), nginx.path("server.key"),
                             portFile.path, requestLog.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        var found: Int?
        while Date() < deadline, found == nil, process.isRunning {
            found = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if found == nil { usleep(50_000) }
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw FixtureError("the \(failure.rawValue) server did not start")
        }
        port = found
    }

    /// SIGKILL: the test process may hand its children SIGTERM blocked.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    var requests: Int {
        ((try? String(contentsOf: requestLog, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    private static let source = #"""
        import socket, ssl, struct, sys, time
        mode, cert, key, port_file, log_file = sys.argv[1:6]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(listener.getsockname()[1]))
        import os
        os.rename(port_file + ".tmp", port_file)
        while True:
            raw, _ = listener.accept()
            try:
                conn = context.wrap_socket(raw, server_side=True)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                with open(log_file, "a") as f:
                    f.write(head.split(b"\r\n")[0].decode() + "\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if mode == "dies":
                    while len(body) < min(length, 1000):
                        body += conn.recv(65536)
                    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    raw.close()
                    continue
                if mode == "silent":
                    time.sleep(60)
                    continue
                while len(body) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    body += chunk
                conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                conn.close()
            except Exception as error:
                sys.stderr.write(f"misbehaving server: {error}\n")
        """#
}
