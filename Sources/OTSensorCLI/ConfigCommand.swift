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
            Reads --config (default \(SensorConfiguration.defaultPath), if present), applies \
            --spool/--label/--log-level, and prints the result as TOML. Key and certificate \
            files are shown by path; their content is never read or printed. Upload settings \
            that would stop `send` are reported as warnings; a client key that others than \
            its owner can read is an error, as ssh treats a private key.

            Exit status: 0 valid; 64 invalid (one line per problem on standard error).
            """)

    @OptionGroup public var sensor: SensorOptions

    public init() {}

    public func run() throws {
        try CommandRunner.run("config check") {
            let configuration = try sensor.configuration()
            print(configuration.rendered(), terminator: "")
            for problem in configuration.uploadProblems() {
                FileHandle.standardError.write(Data("otsensor config check: warning: send cannot run: \(problem)\n".utf8))
            }
            let secrets = configuration.secretProblems()
            if !secrets.isEmpty { throw CommandFailure(secrets.joined(separator: "\n"), status: 64) }
        }
    }
}
