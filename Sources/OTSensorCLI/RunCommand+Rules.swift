import ArgumentParser
import Foundation
import Logging
import OTSensorCore
import OTSensorSignatures

extension RunCommand {
    /// The configured rules, loaded once for every slice of a run, through
    /// the spool's compiled-rules cache; nil when there are none to load. The
    /// default rules file may be absent (suricata-update not set up): the
    /// run then goes on without signature detection and says so once.
    static func signatures(_ configuration: SensorConfiguration, cache: URL, logger: Logger) throws -> SignatureSettings? {
        let problems = configuration.ruleProblems()
        guard problems.isEmpty else {
            throw CommandFailure(problems.map { "configuration: \($0)" }.joined(separator: "\n"), status: 64)
        }
        guard let path = configuration.effectiveRulesPath else {
            if !configuration.rulesPath.isEmpty {
                logger.notice("rules: \(configuration.rulesPath) does not exist: slices are processed without signature detection (eve.json empty); suricata-update writes it (README, Install on a sensor)")
            }
            return nil
        }
        let set: RuleSet
        do {
            set = try RuleLoader.load(paths: [path], variablesFile: configuration.ruleVarsPath, cacheDirectory: cache.path)
        } catch let error as ValidationError {
            throw CommandFailure("configuration: \(error.message)", status: 64)
        } catch {
            throw CommandFailure("configuration: rules.path: \(error.localizedDescription)", status: 64)
        }
        let r = set.report
        logger.info("rules: \(r.loaded) loaded, \(r.skipped) skipped in \(String(format: "%.2f", r.loadSeconds)) s (\(RuleLoader.describe(r.cache)))")
        for problem in r.malformed.prefix(10) { logger.warning("rules: rule skipped: \(problem)") }
        return SignatureSettings(rules: set, writer: RuleLoader.writer(layout: configuration.layout == "osect" ? .osect : .native))
    }
}
