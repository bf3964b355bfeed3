import Crypto
import Foundation
import Logging
import OTSensorCore
import OTSensorUplink
import XCTest

enum UploadFixture {
    /// A spool in a scratch directory that is removed when `test` ends.
    static func makeSpool(for test: XCTestCase) throws -> SpoolLayout {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-send-\(UUID().uuidString)")
        test.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let layout = SpoolLayout(root: root.path)
        try layout.create()
        return layout
    }

    /// An archive-shaped file of random bytes in the outbox.
    @discardableResult
    static func putArchive(_ name: String, in layout: SpoolLayout, bytes: Int = 300_000) throws -> Data {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try data.write(to: layout.outbox.appendingPathComponent(name))
        return data
    }

    static func settings(_ nginx: NginxFixture, ca: String = "ca", client: String = "client", timeout: TimeInterval = 20) -> UploadSettings {
        UploadSettings(url: nginx.url, caFile: nginx.path("\(ca).pem"), certificateFile: nginx.path("\(client).pem"),
                       keyFile: nginx.path("\(client).key"), timeout: timeout, label: "plant-a-sensor-1")
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// The archive nginx stored in request `index`, checked against the multipart shape
    /// otsensor must send: label_id, then file_uploaded with the file name.
    static func uploadedArchive(_ nginx: NginxFixture, index: Int = 0, fileName: String,
                                file: StaticString = #filePath, line: UInt = #line) throws -> Data {
        let bodies = try nginx.storedBodies()
        let access = nginx.accessLines()
        guard index < bodies.count, index < access.count else {
            XCTFail("nginx stored \(bodies.count) bodies, logged \(access.count) requests", file: file, line: line)
            return Data()
        }
        let boundary = try XCTUnwrap(access[index].components(separatedBy: "boundary=").last?.split(separator: "\"").first.map(String.init))
        let parts = MultipartParser.parts(of: bodies[index], boundary: boundary)
        XCTAssertEqual(parts.count, 2, file: file, line: line)
        guard parts.count == 2 else { return Data() }
        XCTAssertEqual(parts[0].headers, "Content-Disposition: form-data; name=\"label_id\"", file: file, line: line)
        XCTAssertEqual(parts[0].content, Data("plant-a-sensor-1".utf8), file: file, line: line)
        XCTAssertTrue(parts[1].headers.contains("name=\"file_uploaded\"; filename=\"\(fileName)\""), parts[1].headers, file: file, line: line)
        return parts[1].content
    }
}

/// A slice's manifest without what differs between two runs of the same slice
/// by necessity: the input's path, the run's timing, the state directory.
enum ComparableManifest {
    static func read(_ url: URL) throws -> NSDictionary {
        var manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        manifest["run"] = nil
        var state = try XCTUnwrap(manifest["state"] as? [String: Any])
        state["directory"] = nil
        manifest["state"] = state
        var input = try XCTUnwrap(manifest["input"] as? [String: Any])
        var files = try XCTUnwrap(input["files"] as? [[String: Any]])
        files[0]["path"] = nil
        input["files"] = files
        manifest["input"] = input
        return manifest as NSDictionary
    }
}
