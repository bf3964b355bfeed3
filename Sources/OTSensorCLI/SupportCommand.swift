import ArgumentParser
import Foundation
import OTSensorCore

/// `otsensor support`: a troubleshooting bundle.
public struct SupportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "support",
        abstract: "Write a support bundle (.tar.zst) about this box, its spool and configuration.",
        discussion: """
            The bundle holds: OS release, kernel, uptime, CPU, memory, disks and free space, \
            network interfaces and counters, time synchronisation, the otsensor version, the \
            effective configuration (key and certificate files by path only, never their \
            content), spool statistics and upload state, libpcap drop counts per slice, and \
            otsensor's journal where systemd runs it.
            """)

    @OptionGroup public var sensor: SensorOptions

    @Option(help: ArgumentHelp("The bundle to write.", valueName: "file.tar.zst"))
    public var out: String

    public init() {}

    public func run() throws {
        try CommandRunner.run("support") {
            let configuration = try sensor.configuration()
            let logger = CommandRunner.logger("otsensor.support", level: configuration.logLevel)
            let bundle = SupportBundle(layout: SpoolLayout(root: configuration.spool), configurationText: configuration.rendered())
            do {
                try bundle.write(to: URL(fileURLWithPath: out))
            } catch {
                throw CommandFailure("cannot write \(out): \(ErrorText.describe(error))", status: 3)
            }
            logger.info("support: wrote \(out)")
        }
    }
}
