import ArgumentParser

/// `otsensor`: the sensor's single command with one subcommand per job.
public struct OTSensorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "otsensor",
        abstract: "A network sensor for OT/ICS networks: captures in, Zeek-style logs out.",
        discussion: """
            Every step is a plain command that cron or systemd can run. process-slice is also \
            the forensic tool: point it at any archived pcap or pcapng.
            """,
        version: "0.1.0",
        subcommands: [ProcessSliceCommand.self, ReprocessCommand.self, CaptureCommand.self, RunCommand.self, SendCommand.self,
                      CleanCommand.self, SupportCommand.self, ConfigCommand.self, RulesCommand.self])

    public init() {}
}
