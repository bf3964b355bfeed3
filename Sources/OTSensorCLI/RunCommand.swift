import ArgumentParser
import Foundation
import OTSensorCore

/// `otsensor run`: process and package every complete capture in the spool.
public struct RunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Process every complete capture in SPOOL/incoming into logs and outbox archives.",
        discussion: """
            Oldest first, each incoming/<id>.pcap becomes logs/<id>/ (process-slice's full log \
            set and manifest.json) and outbox/<id>.tar.zst; then the capture is deleted (or \
            moved to captures/ with --keep-pcap). A capture process-slice refuses (not a \
            capture, unreadable) goes to quarantine/ with <file>.error.txt beside it and the \
            run goes on; a truncated capture still yields logs. Safe to start every minute: a \
            second run while one is busy says so and exits 0; a run killed midway is completed \
            by the next one.

            Each slice is matched against the Suricata rules of rules.path (default \
            \(SensorConfiguration.defaultRulesPath), suricata-update's output; when that \
            default is absent the run says so and goes on without rules). The rules are \
            compiled once and kept in SPOOL/rules-cache/, so a run with the same rules, vars \
            and otsensor build starts matching without compiling them again.

            Exit status: 0 done (or another run busy); 3 the spool cannot be written (a full \
            disk: the capture stays in incoming/); 64 bad configuration.
            """)

    @OptionGroup public var sensor: SensorOptions

    @Flag(name: .customLong("keep-pcap"), help: "Keep processed captures in SPOOL/captures.")
    public var keepPcap = false

    @Option(name: .customLong("zstd-level"), help: "Zstandard level of the archives (default 10).")
    public var zstdLevel: Int?

    @Option(help: "Worker threads per slice (default: every core).")
    public var threads: Int?

    public init() {}

    public func run() throws {
        try CommandRunner.run("run") {
            // A registry conflict would fail every slice: refuse to start instead.
            do {
                _ = try AnalyzerDispatch.standard()
            } catch {
                throw CommandFailure("\(error)", status: 2)
            }
            let configuration = try sensor.configuration { configuration in
                if keepPcap { configuration.keepPcap = true }
                if let zstdLevel { configuration.zstdLevel = zstdLevel }
                if let threads { configuration.threads = threads }
            }
            let logger = CommandRunner.logger("otsensor.run", level: configuration.logLevel)
            let layout = SpoolLayout(root: configuration.spool)
            guard let lock = try CommandRunner.lock(layout.lockFile, for: "run", logger: logger) else { return }
            defer { withExtendedLifetime(lock) {} }
            var settings = configuration.runSettings
            if (try? SliceRunner.pendingCaptures(in: layout))?.isEmpty == false {
                settings.signatures = try Self.signatures(configuration, cache: layout.rulesCache, logger: logger)
            }
            do {
                let report = try SliceRunner(layout: layout, settings: settings, logger: logger).run()
                logger.info("run: \(report.processed.count) processed (\(report.truncated.count) truncated), \(report.quarantined.count) quarantined, \(report.packaged.count) packaged")
            } catch {
                throw CommandFailure(ErrorText.describe(error), status: 3)
            }
        }
    }
}
