import ArgumentParser
import Foundation
import OTSensorCore

/// `otsensor clean`: retention by age and by capacity.
public struct CleanCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove old logs, captures and delivered archives; keep the spool under its size limit.",
        discussion: """
            Removes what is older than --keep-days, then, while the spool is larger than \
            --max-gb, the oldest first. Archives not yet delivered are removed only when the \
            size limit leaves no other choice, each with a warning. Captures waiting in \
            incoming/ are never removed, nor the logs run made of them but has not packaged \
            yet. --dry-run lists what would go and removes nothing.
            """)

    @OptionGroup public var sensor: SensorOptions

    @Option(name: .customLong("keep-days"), help: "Age limit in days (default 365).")
    public var keepDays: Double?

    @Option(name: .customLong("max-gb"), help: "Size limit in GB of 10^9 bytes (default 150).")
    public var maxGB: Double?

    @Flag(name: .customLong("dry-run"), help: "Print what would be removed; remove nothing.")
    public var dryRun = false

    public init() {}

    public func run() throws {
        try CommandRunner.run("clean") {
            let configuration = try sensor.configuration { configuration in
                if let keepDays { configuration.keepDays = keepDays }
                if let maxGB { configuration.maxGigabytes = maxGB }
            }
            let logger = CommandRunner.logger("otsensor.clean", level: configuration.logLevel)
            let layout = SpoolLayout(root: configuration.spool)
            let cleaner = SpoolCleaner(layout: layout, policy: configuration.retentionPolicy, logger: logger)
            if dryRun {
                for removal in try cleaner.plan() {
                    let warning = removal.item.kind == .undelivered ? "  WARNING: never delivered" : ""
                    print("would remove \(removal.item.url.path) (\(removal.item.kind.rawValue), \(removal.item.bytes) bytes, \(removal.reason.rawValue))\(warning)")
                }
                return
            }
            guard let lock = try CommandRunner.lock(layout.lockFile, for: "clean", logger: logger) else { return }
            defer { withExtendedLifetime(lock) {} }
            do {
                let removals = try cleaner.plan()
                try cleaner.apply(removals)
                logger.info("clean: removed \(removals.count) entries, \(removals.reduce(Int64(0)) { $0 + $1.item.bytes }) bytes")
            } catch {
                throw CommandFailure(ErrorText.describe(error), status: 3)
            }
        }
    }
}
