import Crypto
import Dispatch
import Foundation

/// The manifest's sections that describe the slice rather than its logs:
/// what was read, who ran it with which options, and the packet counts.
extension SliceProcessor {
    func countsSection(_ stage: ReadStage, filteredOut: Int) -> Manifest.Counts {
        let c = stage.counters
        var skipped: [String: Int] = [:]
        for (reason, count) in c.skipped { skipped[reason.rawValue] = count }
        var nonIP: [String: Int] = [:]
        for (type, count) in c.nonIP { nonIP[String(format: "0x%04x", type)] = count }
        var unsupported: [String: Int] = [:]
        for (type, count) in c.unsupportedLinkTypes { unsupported[String(type)] = count }
        return .init(read: c.read, decoded: c.decoded, filteredOut: filteredOut, skipped: skipped,
                     nonIPByEtherType: nonIP, unsupportedByLinkType: unsupported,
                     fragments: c.fragments, reassembledDatagrams: c.reassembledDatagrams,
                     droppedFragmentDatagrams: stage.fragmentAnomalies.counts.values.reduce(0, +))
    }

    /// Every capture with its digest and link types, and the packet times of the merged stream.
    func inputSection(_ slice: Slice, linkTypes byFile: [[Int32]], stage: ReadStage, damaged: Bool) throws
        -> Manifest.Input {
        var files: [Manifest.InputFile] = []
        for ((file, name), linkTypes) in zip(zip(slice.files, options.inputPaths), byFile) {
            let (sha, source) = try Self.inputDigest(file, path: name)
            files.append(.init(path: name, size: file.input.size, sha256: sha, sha256Source: source,
                               linkType: linkTypes.first ?? 0, linkTypeName: LinkTypeName.of(linkTypes.first ?? 0),
                               linkTypes: linkTypes))
        }
        return .init(files: files, firstTime: stage.firstTimestamp?.zeekText, firstTimeIso: stage.firstTimestamp?.isoText,
                     lastTime: stage.lastTimestamp?.zeekText, lastTimeIso: stage.lastTimestamp?.isoText,
                     truncated: damaged, capture: options.captureStatistics)
    }

    /// Who ran the slice, when, and every option that shapes its logs.
    func runSection(_ slice: Slice, clock: StageClock) -> Manifest.Run {
        let seconds = slice.wallClock.timeIntervalSince1970
        return .init(sensorLabel: options.sensorLabel, host: Self.hostName,
                     started: (seconds * 1e6).rounded() / 1e6,
                     startedIso: Timestamp(nanoseconds: Int64(seconds * 1e9)).isoText,
                     wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - slice.started.uptimeNanoseconds) / 1e9,
                     cpuSeconds: .init(read: clock.seconds(of: .read), decode: clock.seconds(of: .decode),
                                       fragments: clock.seconds(of: .fragments), analysis: clock.seconds(of: .analysis),
                                       logWriting: clock.seconds(of: .logWriting), digest: clock.seconds(of: .digest),
                                       process: StageClock.processCPUSeconds()),
                     threads: options.threads, shards: options.shardCount, options: Manifest.Options(options))
    }

    /// What `uname -n` prints: the name this box gives itself, not a DNS lookup.
    private static var hostName: String {
        var buffer = [UInt8](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A capture's SHA-256 and where it came from; a sidecar that disagrees
    /// with the computed digest means the capture changed after it was written.
    private static func inputDigest(_ file: SliceFile, path: String) throws -> (String, String) {
        guard let computing = file.digest else { return (file.recordedDigest ?? "", "sidecar") }
        let computed = try computing.value()
        guard let recorded = file.recordedDigest else { return (computed, "computed") }
        guard recorded == computed else {
            throw CaptureError.digestMismatch(path, recorded: recorded, computed: computed)
        }
        return (computed, "verified")
    }
}

extension Manifest.Options {
    /// The options that shape a slice's logs, as its manifest records them; `otsensor
    /// reprocess` compares them with an existing output's to know whether it is current.
    public init(_ options: SliceOptions) {
        let p0fPath = options.connOnly ? nil : options.p0fDatabasePath
        self.init(layout: options.format == .osect ? "osect" : "native", format: options.format == .json ? "json" : "tsv",
                  localNets: options.localNetworks.networks.map { $0.map(\.cidr).joined(separator: ",") } ?? "none",
                  p0fDb: p0fPath.map { .init(path: $0, sha256: Self.fileDigest($0)) },
                  processValues: options.processValues.rawValue, filter: options.filter,
                  connOnly: options.connOnly, verifyChecksums: options.verifyChecksums)
    }

    /// A small file's SHA-256, nil when it cannot be read.
    private static func fileDigest(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
