import ArgumentParser
import Dispatch
import Foundation
import OTSensorCore

/// `otsensor capture`: live capture into the spool, until SIGTERM or SIGINT.
public struct CaptureCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture from an interface into SPOOL/incoming, one file per --rotate seconds.",
        discussion: """
            Files start on multiples of --rotate seconds of the wall clock (on the minute for \
            60) and are named by the slice's UTC start and the label. Each is written as \
            <id>.pcap.part, its libpcap counts go to <id>.capture.json, and it is renamed to \
            <id>.pcap when complete. SIGTERM or SIGINT completes the current file and exits 0. \
            Needs CAP_NET_RAW and CAP_NET_ADMIN: root, or a user given both (the systemd \
            unit's AmbientCapabilities). Started as root, --user NAME opens the interface and \
            then runs as NAME, as tcpdump -Z does. A second capture on the same spool says so \
            and exits 0.

            Exit status: 0 stopped (or another capture busy); 2 interface or filter refused; \
            3 the spool cannot be written (a full disk: capture stops at the first failed \
            write, the file stays <id>.pcap.part and the next start renames it for run).
            """)

    @OptionGroup public var sensor: SensorOptions

    @Option(help: "Interface to capture from (overrides the configuration).")
    public var interface: String?

    @Option(help: "Seconds per file (default 60).")
    public var rotate: Int?

    @Option(help: "Bytes kept of each packet (default 262144).")
    public var snaplen: Int?

    @Option(help: "BPF capture filter.")
    public var filter: String?

    @Option(help: ArgumentHelp("Once the interface is open, drop root and run as this user (tcpdump's -Z).", valueName: "user"))
    public var user: String?

    public init() {}

    public func run() throws {
        try CommandRunner.run("capture") {
            let configuration = try sensor.configuration { configuration in
                if let interface { configuration.interface = interface }
                if let rotate { configuration.rotateSeconds = rotate }
                if let snaplen { configuration.snaplen = snaplen }
                if let filter { configuration.filter = filter }
            }
            guard let interface = configuration.interface, !interface.isEmpty else {
                throw CommandFailure("no interface: use --interface or capture.interface in the configuration", status: 64)
            }
            let account = try user.map(UnprivilegedUser.init(named:))
            let logger = CommandRunner.logger("otsensor.capture", level: configuration.logLevel)
            let layout = SpoolLayout(root: configuration.spool)
            let settings = LiveCaptureSettings(interface: interface, label: configuration.label,
                                               rotateSeconds: configuration.rotateSeconds,
                                               snaplen: Int32(configuration.snaplen), filter: configuration.filter)
            // The interface is opened first, with the privileges it needs; the lock and
            // every spool file after it are then created as the unprivileged user.
            let capture: LiveCapture
            do {
                capture = try LiveCapture(settings: settings, layout: layout, logger: logger)
            } catch let error as LiveCaptureError {
                throw CommandFailure(error.description, status: 2)
            } catch {
                throw CommandFailure("\(error)", status: 2)
            }
            try account?.become()
            guard let lock = try CommandRunner.lock(layout.captureLockFile, for: "capture", logger: logger) else { return }
            defer { withExtendedLifetime(lock) {} }
            let stop = StopRequest()
            let signals = [SIGTERM, SIGINT].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { stop.request() }
                source.resume()
                return source
            }
            defer { signals.forEach { $0.cancel() } }
            do {
                logger.info("capture: \(interface) into \(layout.incoming.path), a file every \(configuration.rotateSeconds) s")
                let slices = try capture.run(until: stop)
                logger.info("capture: stopped after \(slices.count) slices")
            } catch let error as LiveCaptureError {
                throw CommandFailure(error.description, status: 2)
            } catch {
                throw CommandFailure(ErrorText.describe(error), status: 3)
            }
        }
    }
}
