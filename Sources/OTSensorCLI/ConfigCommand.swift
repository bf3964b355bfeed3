import ArgumentParser
import Foundation

/// `otsensor config check`.
public struct ConfigCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the configuration file.",
        subcommands: [ConfigCheckCommand.self])

    public init() {}
}

public struct ConfigCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and print the effective settings.",
        discussion: """
            Reads FILE (or --config; default \(SensorConfiguration.defaultPath), if present), \
            applies --spool/--label/--log-level, and prints the result as TOML. Every problem is \
            listed, not only the first. Key and certificate files are shown by path; their \
            content is never read or printed. Upload settings that would stop `send`, and a \
            label that is empty or that slice ids write differently, are reported as warnings; \
            a client key that others than its owner can read is an error, as ssh treats a \
            private key.

            rules.path may be absent only while it is the default \
            (\(SensorConfiguration.defaultRulesPath), which suricata-update writes): a \
            configured file that does not exist is an error.

            Exit status: 0 valid; 64 invalid (one line per problem on standard error).
            """)

    @Argument(help: ArgumentHelp("The configuration file to check (instead of --config).", valueName: "file"))
    public var file: String?

    @OptionGroup public var sensor: SensorOptions

    public init() {}

    public func run() throws {
        try CommandRunner.run("config check") {
            var errors: [String] = []
            var configuration = SensorConfiguration()
            if let path = file ?? sensor.config ?? SensorOptions.defaultFileIfPresent {
                do {
                    let problems: [String]
                    (configuration, problems) = try ConfigurationFile.parseReportingProblems(
                        try ConfigurationFile.read(path: path), source: path)
                    errors += problems
                } catch let error as ConfigurationError {
                    errors.append(error.description)
                }
            }
            sensor.applyOverrides(to: &configuration)
            errors += configuration.problems().map { "configuration: \($0)" }
            errors += configuration.ruleProblems().map { "configuration: \($0)" }
            print(configuration.rendered(), terminator: "")
            let secrets = configuration.secretProblems()
            let warnings = configuration.labelWarnings()
                + configuration.uploadProblems().filter { !secrets.contains($0) }.map { "send cannot run: \($0)" }
            for warning in warnings {
                FileHandle.standardError.write(Data("otsensor config check: warning: \(warning)\n".utf8))
            }
            errors += secrets
            if !errors.isEmpty { throw CommandFailure(errors.joined(separator: "\n"), status: 64) }
        }
    }
}
