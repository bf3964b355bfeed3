import ArgumentParser
import Foundation
import OTSensorCore
import OTSensorSignatures

/// `--rules`, `--rule-vars` and `--rules-cache`: Suricata rules matched on
/// every packet, with the alerts in eve.json.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), parsing: .upToNextOption,
            help: ArgumentHelp("Suricata rule files (or directories of *.rules) to match; alerts go to eve.json, which is empty without rules. Unsupported and malformed rules are skipped and counted in the manifest.",
                               valueName: "path"))
    var rules: [String] = []

    @Option(name: .customLong("rule-vars"),
            help: ArgumentHelp("A Suricata YAML file whose vars: address-groups/port-groups override the rule variables (defaults: LOGS.md §6.17).",
                               valueName: "file"))
    var ruleVars: String?

    @Option(name: .customLong("rules-cache"),
            help: ArgumentHelp("Where compiled rules are kept, so that the next run with the same rules, vars and otsensor build starts in a fraction of the time; 'none': compile every time. Default: $XDG_CACHE_HOME/otsensor/rules (~/.cache/otsensor/rules).",
                               valueName: "dir"))
    var rulesCache: String?

    /// The loaded rules, or nil when none were asked for; reports what was skipped.
    func load(layout: LayoutArgument) throws -> SignatureSettings? {
        guard !rules.isEmpty else { return nil }
        let cache = rulesCache == "none" ? nil : rulesCache ?? RuleLoader.defaultCacheDirectory()
        let set = try RuleLoader.load(paths: rules, variablesFile: ruleVars, cacheDirectory: cache)
        let r = set.report
        FileHandle.standardError.write(Data(
            "process-slice: rules: \(r.loaded) loaded, \(r.skipped) skipped in \(String(format: "%.2f", r.loadSeconds)) s (\(RuleLoader.describe(r.cache)))\n".utf8))
        for problem in r.malformed.prefix(10) {
            FileHandle.standardError.write(Data("process-slice: warning: rule skipped: \(problem)\n".utf8))
        }
        return SignatureSettings(rules: set, writer: RuleLoader.writer(layout: layout))
    }
}
