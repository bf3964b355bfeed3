import Foundation
import XCTest

/// Checks manifests against docs/manifest.schema.json with python3-jsonschema
/// (scripts/validate-manifest.py), an implementation independent of the
/// Swift code that writes them. Every process-slice run of the end-to-end
/// tests passes its manifest through here.
enum ManifestSchema {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/validate-manifest.py")

    /// Fails the running test, naming each violation, when `manifest` does not
    /// match the schema; a missing validator fails loudly too.
    static func validate(_ manifest: URL, file: StaticString = #filePath, line: UInt = #line) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, manifest.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return XCTFail("cannot run \(script.path) to validate \(manifest.path): \(error)", file: file, line: line)
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "manifest.json does not match docs/manifest.schema.json:\n\(text)",
                       file: file, line: line)
    }

    /// Validates the manifest of the directory an argument list names with `--out`, if it was written.
    static func validateOutput(of arguments: [String], in directory: URL) {
        guard let flag = arguments.firstIndex(of: "--out"), flag + 1 < arguments.count else { return }
        let out = URL(fileURLWithPath: arguments[flag + 1], relativeTo: directory)
        let manifest = out.appendingPathComponent("manifest.json")
        if FileManager.default.fileExists(atPath: manifest.path) { validate(manifest) }
    }
}
