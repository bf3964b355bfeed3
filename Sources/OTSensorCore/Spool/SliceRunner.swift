import Foundation
import Logging

/// How `run` processes and packages slices.
public struct RunSettings: Sendable {
    public var threads: Int
    public var format: LogFormat
    public var localNetworks: LocalNetworks
    public var zstdLevel: Int32
    /// Move processed captures to captures/ instead of deleting them.
    public var keepPcap: Bool
    /// What leaves the sensor: PLC values are redacted unless configured otherwise.
    public var processValues: ProcessValues
    /// The sensor's label, for the manifest.
    public var label: String
    /// The rules every slice is matched against (eve.json); nil: none.
    public var signatures: SignatureSettings?

    public init(threads: Int, format: LogFormat = .zeekTSV, localNetworks: LocalNetworks = .zeekctlDefault,
                zstdLevel: Int32 = 10, keepPcap: Bool = false, processValues: ProcessValues = .redact,
                label: String = "") {
        self.threads = max(1, threads)
        self.format = format
        self.localNetworks = localNetworks
        self.zstdLevel = zstdLevel
        self.keepPcap = keepPcap
        self.processValues = processValues
        self.label = label
    }
}

/// What one `run` did.
public struct RunReport: Sendable, Equatable {
    public var processed: [String] = []
    public var truncated: [String] = []
    public var quarantined: [String] = []
    public var packaged: [String] = []

    public init() {}
}

/// `otsensor run`: every complete capture in incoming/, oldest first, goes through
/// process → logs/<id>/ → package → outbox/<id>.tar.zst → capture removed (or kept).
/// Each step is skipped when its result already exists, so a run interrupted anywhere
/// is finished by the next one without losing or duplicating anything: an interrupted
/// processing leaves only a `.tmp-` folder, which is removed and redone from scratch.
public struct SliceRunner {
    public let layout: SpoolLayout
    public let settings: RunSettings
    public let logger: Logger

    public init(layout: SpoolLayout, settings: RunSettings, logger: Logger) {
        self.layout = layout
        self.settings = settings
        self.logger = logger
    }

    /// Captures waiting in incoming/, oldest first (slice ids sort by time).
    public static func pendingCaptures(in layout: SpoolLayout) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: layout.incoming.path)
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng")) }
            .sorted()
            .map { layout.incoming.appendingPathComponent($0) }
    }

    static func sliceID(of capture: URL) -> String { capture.deletingPathExtension().lastPathComponent }

    static func sidecar(of capture: URL) -> URL {
        capture.deletingLastPathComponent().appendingPathComponent("\(sliceID(of: capture)).capture.json")
    }

    /// Stops at the first output failure (a full disk, say): the capture stays in
    /// incoming/ and the next run tries again.
    public func run() throws -> RunReport {
        try layout.create()
        var report = RunReport()
        for capture in try Self.pendingCaptures(in: layout) {
            let id = Self.sliceID(of: capture)
            let logs = layout.logDirectory(for: id)
            if !FileManager.default.fileExists(atPath: logs.appendingPathComponent("manifest.json").path) {
                switch try process(capture, into: logs) {
                case .quarantined:
                    report.quarantined.append(id)
                    continue
                case .truncated:
                    report.truncated.append(id)
                case .complete:
                    break
                }
                report.processed.append(id)
            }
            try copySidecar(of: capture, into: logs)
            if try package(id, logs: logs) { report.packaged.append(id) }
            try retire(capture)
        }
        return report
    }

    private enum Outcome { case complete, truncated, quarantined }

    private func process(_ capture: URL, into logs: URL) throws -> Outcome {
        let id = Self.sliceID(of: capture)
        try removeLeftovers(of: id)
        var options = SliceOptions(inputPath: capture.path, outputPath: logs.path, threads: settings.threads,
                                   format: settings.format, localNetworks: settings.localNetworks)
        options.processValues = settings.processValues
        options.sensorLabel = settings.label
        options.signatures = settings.signatures
        options.stateDirectory = layout.carriedState.path
        options.captureStatistics = (try? Data(contentsOf: Self.sidecar(of: capture)))
            .flatMap { try? CaptureStatistics.decode($0) }
        do {
            let report = try SliceProcessor(options: options).run()
            if report.truncated {
                logger.warning("slice \(id): capture truncated or damaged; logs written for every complete packet",
                               metadata: ["warnings": "\(report.manifest.warnings.joined(separator: "; "))"])
                return .truncated
            }
            logger.info("slice \(id): processed \(report.manifest.counts.read) packets")
            return .complete
        } catch let error as CaptureError {
            try quarantine(capture, reason: error.description)
            return .quarantined
        }
    }

    /// Folders a crashed process-slice left beside logs/<id> (`<id>.tmp-<pid>`, `<id>.old-<pid>`),
    /// and a logs/<id> without its manifest, which process-slice never publishes.
    private func removeLeftovers(of id: String) throws {
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: layout.logs.path)
        where name == id || name.hasPrefix("\(id).tmp-") || name.hasPrefix("\(id).old-") {
            logger.notice("slice \(id): removing incomplete output \(name) from an interrupted run")
            try manager.removeItem(at: layout.logs.appendingPathComponent(name))
        }
    }

    private func quarantine(_ capture: URL, reason: String) throws {
        let name = capture.lastPathComponent
        let target = layout.quarantine.appendingPathComponent(name)
        try AtomicRename.write(Data("\(reason)\n".utf8), to: layout.quarantine.appendingPathComponent("\(name).error.txt"))
        for sidecar in [Self.sidecar(of: capture), URL(fileURLWithPath: DigestSidecar.path(of: capture.path))]
        where FileManager.default.fileExists(atPath: sidecar.path) {
            try AtomicRename.move(sidecar, to: layout.quarantine.appendingPathComponent(sidecar.lastPathComponent))
        }
        try AtomicRename.move(capture, to: target)
        logger.error("slice \(Self.sliceID(of: capture)): moved to \(target.path): \(reason)")
    }

    /// The capture's libpcap counts travel with its logs as capture.json.
    private func copySidecar(of capture: URL, into logs: URL) throws {
        let sidecar = Self.sidecar(of: capture)
        guard let data = try? Data(contentsOf: sidecar) else { return }
        try AtomicRename.write(data, to: logs.appendingPathComponent("capture.json"))
    }

    /// Returns false when the archive is already in the outbox or was delivered.
    private func package(_ id: String, logs: URL) throws -> Bool {
        let archive = layout.archive(for: id)
        let name = archive.lastPathComponent
        let manager = FileManager.default
        if manager.fileExists(atPath: archive.path) || manager.fileExists(atPath: layout.sent.appendingPathComponent(name).path)
            || SentRecord(file: layout.sentRecord).contains(archive: name) {
            return false
        }
        try SliceArchiver(level: settings.zstdLevel).archive(directory: logs, to: archive)
        logger.info("slice \(id): packaged \(archive.path)")
        return true
    }

    private func retire(_ capture: URL) throws {
        let digest = URL(fileURLWithPath: DigestSidecar.path(of: capture.path))
        if settings.keepPcap {
            try AtomicRename.move(capture, to: layout.captures.appendingPathComponent(capture.lastPathComponent))
            if FileManager.default.fileExists(atPath: digest.path) {
                try AtomicRename.move(digest, to: layout.captures.appendingPathComponent(digest.lastPathComponent))
            }
        } else {
            try FileManager.default.removeItem(at: capture)
            try? FileManager.default.removeItem(at: digest)
        }
        try? FileManager.default.removeItem(at: Self.sidecar(of: capture))
    }
}
