import ArgumentParser
import Foundation
import Logging
import OTSensorCore

/// Flags every spool command shares: where the configuration is, and the settings
/// most often overridden by hand.
public struct SensorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Configuration file (TOML).", valueName: "file"))
    public var config: String?

    @Option(help: ArgumentHelp("Spool directory (overrides the configuration).", valueName: "dir"))
    public var spool: String?

    @Option(help: ArgumentHelp("Sensor label, in slice ids and uploads (overrides the configuration).", valueName: "label"))
    public var label: String?

    @Option(name: .customLong("log-level"),
            help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (default: info).", valueName: "level"))
    public var logLevel: String?

    public init() {}

    /// The configuration file (the default path only if it exists), then these flags.
    /// Exits 64 with one line per problem when the result is unusable.
    public func configuration(_ apply: (inout SensorConfiguration) -> Void = { _ in }) throws -> SensorConfiguration {
        var configuration: SensorConfiguration
        do {
            if let path = config {
                configuration = try ConfigurationFile.load(path: path)
            } else if FileManager.default.fileExists(atPath: SensorConfiguration.defaultPath) {
                configuration = try ConfigurationFile.load(path: SensorConfiguration.defaultPath)
            } else {
                configuration = SensorConfiguration()
            }
        } catch let error as ConfigurationError {
            throw CommandFailure("configuration: \(error.description)", status: 64)
        }
        if let spool { configuration.spool = spool }
        if let label { configuration.label = label }
        if let logLevel { configuration.logLevel = logLevel }
        apply(&configuration)
        let problems = configuration.problems()
        guard problems.isEmpty else { throw CommandFailure(problems.map { "configuration: \($0)" }.joined(separator: "\n"), status: 64) }
        return configuration
    }
}

/// A command's failure: its message goes to standard error, then the process exits
/// with `status`.
public struct CommandFailure: Error, CustomStringConvertible {
    public let description: String
    public let status: Int32

    public init(_ description: String, status: Int32) {
        self.description = description
        self.status = status
    }
}

enum CommandRunner {
    /// Bootstraps logging once (swift-log allows one bootstrap per process), to
    /// standard error so that cron mails and the journal get it.
    static func logger(_ label: String, level: String) -> Logger {
        LoggingSetup.once(level: Logger.Level(rawValue: level) ?? .info)
        return Logger(label: label)
    }

    /// Runs `body`, turning a CommandFailure into its message and exit status.
    static func run(_ command: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            fail(command, failure)
        }
    }

    static func run(_ command: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            fail(command, failure)
        }
    }

    private static func fail(_ command: String, _ failure: CommandFailure) -> Never {
        for line in failure.description.split(separator: "\n") {
            FileHandle.standardError.write(Data("otsensor \(command): error: \(line)\n".utf8))
        }
        Foundation.exit(failure.status)
    }

    /// Takes a spool lock or says who holds it; nil means "exit 0, nothing to do".
    static func lock(_ file: URL, for command: String, logger: Logger) throws -> SpoolLock? {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let lock = try SpoolLock.acquire(file) { return lock }
        } catch {
            throw CommandFailure("\(error)", status: 3)
        }
        logger.notice("\(command): another otsensor process holds \(file.path); it is already doing this work, exiting")
        return nil
    }
}

/// swift-log's bootstrap may run only once per process.
private enum LoggingSetup {
    private static let done = NSLock()
    nonisolated(unsafe) private static var bootstrapped = false

    static func once(level: Logger.Level) {
        done.withLock {
            guard !bootstrapped else { return }
            bootstrapped = true
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
