import Foundation
import Logging
import OTSensorCore

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
    /// standard error so that cron mails and the journal get it: with priority
    /// prefixes for the journal when it is not a terminal (`JournalLogHandler`).
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
        let priority = isatty(STDERR_FILENO) == 1 ? "" : "<\(JournalLogHandler.priority(.error))>"
        for line in failure.description.split(separator: "\n") {
            FileHandle.standardError.write(Data("\(priority)otsensor \(command): error: \(line)\n".utf8))
        }
        Foundation.exit(failure.status)
    }

    /// Takes a spool lock or says who holds it; nil means "exit 0, nothing to do".
    static func lock(_ file: URL, for command: String, logger: Logger) throws -> SpoolLock? {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let lock = try SpoolLock.acquire(file) { return lock }
        } catch {
            throw CommandFailure(ErrorText.describe(error), status: 3)
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
            let isTerminal = isatty(STDERR_FILENO) == 1
            LoggingSystem.bootstrap { label in
                guard isTerminal else { return JournalLogHandler(label: label, level: level) }
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
