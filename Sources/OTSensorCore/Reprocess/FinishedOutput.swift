import Foundation

/// What a slice's output directory holds, as `otsensor reprocess` decides
/// whether to process the slice again: an output is current when its manifest
/// (written last, so present only in a complete output) records the same input
/// SHA-256, tool version and options as this run would, and every log it
/// lists is there at its recorded size.
enum FinishedOutput: Equatable {
    /// Nothing at the output path.
    case missing
    /// Something is there that this run would not have written; the reason says what.
    case outdated(String)
    /// Current; `damage` repeats why the capture was found truncated, if it was.
    case current(damage: String?)

    /// `inputDigest` is asked for only when everything else matches.
    static func check(_ directory: String, expected: Expectation, inputDigest: () throws -> String) -> FinishedOutput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return .missing }
        guard isDirectory.boolValue else { return .outdated("not a directory") }
        guard let data = FileManager.default.contents(atPath: "\(directory)/manifest.json") else {
            return .outdated("no manifest.json")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let recorded = try? decoder.decode(Recorded.self, from: data) else {
            return .outdated("manifest.json cannot be read")
        }
        if let difference = recorded.difference(from: expected, directory: directory, inputDigest: inputDigest) { return .outdated(difference) }
        guard recorded.input.truncated else { return .current(damage: nil) }
        return .current(damage: recorded.warnings.first { $0.hasPrefix("capture damaged") } ?? "the capture is truncated")
    }

    /// What a current output's manifest records besides its input.
    struct Expectation {
        var options: Manifest.Options
        /// The number of rules loaded, nil without `--rules`.
        var rulesLoaded: Int?
    }

    /// The parts of manifest.json the decision needs.
    private struct Recorded: Decodable {
        struct Tool: Decodable { var name: String; var version: String }
        struct Input: Decodable { var files: [InputFile]; var truncated: Bool }
        struct InputFile: Decodable { var sha256: String }
        struct Run: Decodable { var options: Manifest.Options }
        struct OutputFile: Decodable { var file: String; var bytes: Int }
        struct Rules: Decodable { var loaded: Int }

        var schema: Int
        var tool: Tool
        var input: Input
        var run: Run
        var files: [OutputFile]
        var rules: Rules?
        var warnings: [String]

        func difference(from expected: Expectation, directory: String, inputDigest: () throws -> String) -> String? {
            if schema != Manifest.schemaVersion { return "manifest schema \(schema), not \(Manifest.schemaVersion)" }
            let tool = Manifest.Tool()
            if self.tool.name != tool.name || self.tool.version != tool.version {
                return "written by \(self.tool.name) \(self.tool.version), not \(tool.version)"
            }
            if run.options != expected.options { return "written with other options" }
            if rules?.loaded != expected.rulesLoaded { return "written with other rules" }
            for file in files {
                var status = stat()
                guard stat("\(directory)/\(file.file)", &status) == 0, Int(status.st_size) == file.bytes else {
                    return "\(file.file) is missing or not the size its manifest records"
                }
            }
            guard input.files.count == 1 else { return "made from \(input.files.count) captures" }
            guard let digest = try? inputDigest() else { return "the capture cannot be read to compare it" }
            return input.files[0].sha256 == digest ? nil : "made from another capture (its SHA-256 differs)"
        }
    }
}
