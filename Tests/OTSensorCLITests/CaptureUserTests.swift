import Foundation
import XCTest

/// `otsensor capture --user`, tcpdump's `-Z`: the interface is opened as root, then the
/// process is the named user's (its uid, its group alone, no capability left) and so
/// is every file it writes; an unknown user is refused before anything is opened.
final class CaptureUserTests: XCTestCase {
    private func temporarySpool() -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("otsensor-user-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    func testAnUnknownUserIsRefusedBeforeTheInterfaceIsOpened() throws {
        let root = temporarySpool()
        // The interface does not exist either: had it been opened first, the exit would be 2.
        let result = try Tool.otsensor(["capture", "--user", "no-such-user-otsensor", "--interface", "no-such-interface0",
                                        "--spool", root.path])
        XCTAssertEqual(result.status, 64, result.errorText)
        XCTAssertTrue(result.errorText.contains("--user no-such-user-otsensor: no such user"), result.errorText)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.path), "nothing is written for a refused user")
    }

    func testCaptureRunsAsTheUserOnceTheInterfaceIsOpen() throws {
        guard geteuid() == 0 else {
            print("SKIPPED LOUDLY: capture --user switches user and needs root (uid \(geteuid())); not tested")
            throw XCTSkip("capture --user needs root")
        }
        guard let nobody = getpwnam("nobody") else { return XCTFail("no user 'nobody' on this machine") }
        let uid = nobody.pointee.pw_uid, gid = nobody.pointee.pw_gid
        let root = temporarySpool()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        XCTAssertEqual(chown(root.path, uid, gid), 0, "the spool is the capture user's, as tmpfiles.d makes it")

        let capture = Process()
        capture.executableURL = URL(fileURLWithPath: try Tool.binary("otsensor"))
        capture.arguments = ["capture", "--user", "nobody", "--interface", "lo", "--spool", root.path, "--label", "user"]
        let errors = Pipe()
        capture.standardError = errors
        try capture.run()
        defer { if capture.isRunning { capture.terminate() } }
        let incoming = root.appendingPathComponent("incoming")
        let started = Date()
        while !SpoolNames.list(incoming).contains(where: { $0.hasSuffix(".pcap.part") }) && capture.isRunning
            && Date().timeIntervalSince(started) < 10 {
            usleep(50_000)
        }
        // Credentials are per thread: every thread must have switched, the main one included.
        let taskDirectory = "/proc/\(capture.processIdentifier)/task"
        let statuses = try FileManager.default.contentsOfDirectory(atPath: taskDirectory).map {
            try String(contentsOfFile: "\(taskDirectory)/\($0)/status", encoding: .utf8)
        }
        func field(_ name: String, _ status: String) -> [String] {
            status.split(separator: "\n").first { $0.hasPrefix("\(name):") }
                .map { $0.dropFirst(name.count + 1).split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
        }
        capture.terminate()
        capture.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(capture.terminationStatus, 0, log)
        XCTAssertFalse(statuses.isEmpty)
        for status in statuses {
            XCTAssertEqual(field("Uid", status), Array(repeating: "\(uid)", count: 4), "real, effective, saved and filesystem uid")
            XCTAssertEqual(field("Gid", status), Array(repeating: "\(gid)", count: 4), "real, effective, saved and filesystem gid")
            XCTAssertEqual(field("Groups", status), ["\(gid)"], "root's supplementary groups are dropped")
            XCTAssertEqual(field("CapEff", status), ["0000000000000000"], "no capability is left")
        }

        let files = SpoolNames.list(incoming)
        XCTAssertTrue(files.contains { $0.hasSuffix("-user.pcap") }, "\(files) \(log)")
        for name in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: incoming.appendingPathComponent(name).path)
            XCTAssertEqual((attributes[.ownerAccountID] as? NSNumber)?.uint32Value, uid, "\(name) belongs to nobody")
        }
    }
}
