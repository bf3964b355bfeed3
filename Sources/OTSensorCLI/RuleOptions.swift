import ArgumentParser
import Foundation
import OTSensorCore
import OTSensorSignatures

/// `--rules` and `--rule-vars`: Suricata rules matched on every packet, with
/// the alerts in eve.json.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), parsing: .upToNextOption,
            help: ArgumentHelp("Suricata rule files (or directories of *.rules) to match; alerts go to eve.json, which is empty without rules. Unsupported and malformed rules are skipped and counted in the manifest.",
                               valueName: "path"))
    var rules: [String] = []

    @Option(name: .customLong("rule-vars"),
            help: ArgumentHelp("A Suricata YAML file whose vars: address-groups/port-groups override the rule variables (defaults: LOGS.md §6.17).",
                               valueName: "file"))
    var ruleVars: String?

    /// The loaded rules, or nil when none were asked for; reports what was skipped.
    func load(layout: LayoutArgument) throws -> SignatureSettings? {
        guard !rules.isEmpty else { return nil }
        var variables = RuleVariables.defaults
        if let ruleVars {
            let text = try String(contentsOfFile: ruleVars, encoding: .utf8)
            variables = try RuleVariables.loading(yaml: text)
        }
        let set = try RuleSet.load(files: try Self.ruleFiles(rules), variables: variables)
        let r = set.report
        FileHandle.standardError.write(Data(
            "process-slice: rules: \(r.loaded) loaded, \(r.skipped) skipped in \(String(format: "%.2f", r.loadSeconds)) s\n".utf8))
        for problem in r.malformed.prefix(10) {
            FileHandle.standardError.write(Data("process-slice: warning: rule skipped: \(problem)\n".utf8))
        }
        let writer = layout == .osect
            ? EveWriter(layout: .osect, host: ProcessInfo.processInfo.hostName, utcOffset: { nanoseconds in
                TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: Double(nanoseconds) / 1e9))
            })
            : EveWriter()
        return SignatureSettings(rules: set, writer: writer)
    }

    /// Files as given; a directory contributes its `*.rules`, in name order.
    static func ruleFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("--rules: \(path) does not exist")
            }
            if isDirectory.boolValue {
                files += try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".rules") }
                    .sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}
