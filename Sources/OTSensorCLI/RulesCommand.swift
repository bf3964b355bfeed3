import ArgumentParser
import Foundation
import OTSensorSignatures

/// `otsensor rules check`.
public struct RulesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Work with Suricata rule files.",
        subcommands: [RulesCheckCommand.self])

    public init() {}
}

public struct RulesCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and compile rule files, and report what the engine would load.",
        discussion: """
            Loads PATH (files, or directories of *.rules, as --rules does) with the variables \
            of --rule-vars, without the compiled-rules cache, and prints: the rules loaded; \
            the rules skipped, by reason (a keyword the engine lacks is not an error: such a \
            rule is skipped and counted, as in every slice); every malformed rule with its \
            file and line; and the time loading took.

            Exit status: 0 every rule loaded or was skipped for an unsupported keyword; 1 at \
            least one rule is malformed or a duplicate sid (the rest still load, as in a \
            slice, but the file needs fixing: a check that passes it would hide the error); 2 a file or \
            --rule-vars cannot be read; 64 invalid arguments.
            """)

    @Argument(help: ArgumentHelp("Rule files, or directories of *.rules.", valueName: "path"))
    public var paths: [String]

    @Option(name: .customLong("rule-vars"),
            help: ArgumentHelp("A Suricata YAML file whose vars: address-groups/port-groups override the rule variables.",
                               valueName: "file"))
    public var ruleVars: String?

    public init() {}

    public func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("name at least one rule file or directory") }
    }

    public func run() throws {
        let set: RuleSet
        do {
            set = try RuleLoader.load(paths: paths, variablesFile: ruleVars, cacheDirectory: nil)
        } catch let error as ValidationError {
            fail(error.message)
        } catch {
            fail("\(error.localizedDescription)")
        }
        Self.report(set.report).forEach { print($0) }
        if !set.report.malformed.isEmpty { throw ExitCode(1) }
    }

    /// The report's lines: counts first, then each skip reason, then each malformed rule.
    static func report(_ r: RuleSet.LoadReport) -> [String] {
        var lines = ["loaded: \(r.loaded)", "skipped: \(r.skipped)"]
        for (keyword, count) in r.unsupported.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            lines.append("  unsupported \(keyword): \(count)")
        }
        let malformed = r.malformed.count - r.duplicates
        if malformed > 0 { lines.append("  malformed: \(malformed)") }
        if r.duplicates > 0 { lines.append("  duplicate sid: \(r.duplicates)") }
        lines += r.malformed.map { "\($0)" }
        lines.append(String(format: "load time: %.2f s", r.loadSeconds))
        return lines
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("otsensor rules check: error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
