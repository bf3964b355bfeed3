import ArgumentParser
import Foundation
import OTSensorCore
import OTSensorUplink

/// `otsensor send`: upload the outbox.
public struct SendCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Upload every archive in SPOOL/outbox over HTTPS with the client certificate.",
        discussion: """
            Oldest first, each archive is POSTed as multipart/form-data (field file_uploaded, \
            and label_id = the label) with its sha256 in X-Content-SHA256. The server must \
            present a certificate signed by the configured CA. A 2xx answer means delivered: \
            the archive is recorded in SPOOL/sent.log and removed (or moved to SPOOL/sent with \
            --keep-sent). Anything else keeps it, records a backoff in SPOOL/state.json and \
            stops; the next send after the backoff tries again.

            Exit status: 0 everything delivered, nothing to send, backing off, or another send \
            busy; 3 the spool cannot be written (a full disk: a delivery sent.log cannot record \
            keeps its archive, which goes again); 64 bad configuration; 75 an archive could not \
            be delivered (it is kept).
            """)

    @OptionGroup public var sensor: SensorOptions

    @Option(help: "HTTPS URL to POST archives to.")
    public var url: String?

    @Option(help: ArgumentHelp("PEM CA bundle the server's certificate must chain to.", valueName: "file"))
    public var ca: String?

    @Option(help: ArgumentHelp("PEM client certificate.", valueName: "file"))
    public var cert: String?

    @Option(help: ArgumentHelp("PEM client private key.", valueName: "file"))
    public var key: String?

    @Option(help: "Seconds one upload may take (default 180).")
    public var timeout: Double?

    @Flag(name: .customLong("keep-sent"), help: "Move delivered archives to SPOOL/sent instead of deleting them.")
    public var keepSent = false

    @Flag(name: .customLong("ignore-backoff"), help: "Try now even if earlier failures set a backoff.")
    public var ignoreBackoff = false

    public init() {}

    public func run() async throws {
        try await CommandRunner.run("send") {
            let configuration = try sensor.configuration { configuration in
                if let url { configuration.uploadURL = url }
                if let ca { configuration.caFile = ca }
                if let cert { configuration.certificateFile = cert }
                if let key { configuration.keyFile = key }
                if let timeout { configuration.timeoutSeconds = timeout }
                if keepSent { configuration.keepSent = true }
            }
            let problems = configuration.uploadProblems()
            guard problems.isEmpty else { throw CommandFailure(problems.map { "configuration: \($0)" }.joined(separator: "\n"), status: 64) }
            let logger = CommandRunner.logger("otsensor.send", level: configuration.logLevel)
            let layout = SpoolLayout(root: configuration.spool)
            guard let lock = try CommandRunner.lock(layout.sendLockFile, for: "send", logger: logger) else { return }
            defer { withExtendedLifetime(lock) {} }
            let report: SendReport
            do {
                report = try await ArchiveSender(layout: layout, settings: configuration.uploadSettings, logger: logger)
                    .run(ignoreBackoff: ignoreBackoff)
            } catch {
                throw CommandFailure(ErrorText.describe(error), status: 3)
            }
            // The sender has logged the failure and its reason.
            if report.failure != nil { throw ExitCode(75) }
        }
    }
}
