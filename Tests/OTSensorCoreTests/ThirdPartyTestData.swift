import Foundation
import XCTest

/// The real third-party material the repository carries (`testdata/third-party`,
/// provenance and licenses in its README): the small captures of the existing
/// sensor's parser repositories, the rows LOGS.md gives for them, and the Zeek
/// baselines the log encoder is checked against. It is part of every clone, so a
/// missing file is a broken checkout and fails the test; it never skips.
enum ThirdPartyTestData {
    static let directory: URL = {
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" && !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        return root.appendingPathComponent("testdata/third-party", isDirectory: true)
    }()

    /// The path of `testdata/third-party/<relative>`, or an error naming it.
    static func path(_ relative: String) throws -> String {
        let path = directory.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw MissingTestData(path: path)
        }
        return path
    }

    /// A real capture from `testdata/third-party/captures/<relative>`.
    static func capture(_ relative: String) throws -> String {
        try path("captures/\(relative)")
    }

    /// The rows LOGS.md gives for a capture (`expected/<name>`), one string a row.
    static func expectedRows(_ name: String) throws -> [String] {
        try String(contentsOfFile: path("expected/\(name)"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    /// A log Zeek wrote for one of its regression traces (`zeek/<case>/<log>`).
    static func zeekBaseline(case name: String, log: String) throws -> URL {
        URL(fileURLWithPath: try path("zeek/\(name)/\(log)"))
    }
}

struct MissingTestData: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(path) is missing: testdata/third-party is part of the repository, so this checkout is incomplete" }
}
