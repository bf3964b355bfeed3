import ArgumentParser
import Foundation
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
            if let path = config ?? Self.defaultFileIfPresent {
                configuration = try ConfigurationFile.load(path: path)
            } else {
                configuration = SensorConfiguration()
            }
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description.split(separator: "\n").map { "configuration: \($0)" }
                .joined(separator: "\n"), status: 64)
        }
        applyOverrides(to: &configuration)
        apply(&configuration)
        let problems = configuration.problems()
        guard problems.isEmpty else { throw CommandFailure(problems.map { "configuration: \($0)" }.joined(separator: "\n"), status: 64) }
        return configuration
    }

    /// The default configuration file, when there is one.
    static var defaultFileIfPresent: String? {
        FileManager.default.fileExists(atPath: SensorConfiguration.defaultPath) ? SensorConfiguration.defaultPath : nil
    }

    /// --spool, --label and --log-level over what the file says.
    func applyOverrides(to configuration: inout SensorConfiguration) {
        if let spool { configuration.spool = spool }
        if let label { configuration.label = label }
        if let logLevel { configuration.logLevel = logLevel }
    }
}
