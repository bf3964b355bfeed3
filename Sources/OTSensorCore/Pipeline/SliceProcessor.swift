import Dispatch
import Foundation

/// The outcome of a slice, for the command line to report.
public struct SliceReport: Sendable {
    public var manifest: Manifest
    public var outputPath: String
    public var truncated: Bool { manifest.truncated }
}

/// Turns one capture file into a finished output directory:
/// read (this thread) → shard → analyze (worker threads, chunk by chunk) →
/// merge and write (into `<out>.tmp-*`) → manifest → rename into place.
public struct SliceProcessor {
    public let options: SliceOptions
    /// Called with progress lines when `showProgress` is set.
    public var progress: @Sendable (String) -> Void = { _ in }

    public init(options: SliceOptions) { self.options = options }

    public func run() throws -> SliceReport {
        let started = DispatchTime.now()
        let cleaned = StaleOutputs.clean(output: options.outputPath)
        let input = try SliceInput(name: options.inputPath, outputPath: options.outputPath)
        defer { input.finish() }
        let recorded = input.path == options.inputPath ? DigestSidecar.recordedDigest(of: input.path) : nil
        let computed = recorded == nil || options.verifyInput ? InputDigest(path: input.path) : nil
        let slice = Slice(input: input, recordedDigest: recorded, digest: computed,
                          seed: try SliceSeed.compute(path: input.path, size: input.size), started: started)
        do {
            return try analyse(slice, retention: .released, warnings: cleaned)
        } catch is RowsOutOfOrder {
            // Rare: times that go back across chunks. Analysing again with every row kept costs a
            // second pass over this slice instead of holding every slice's rows to the end.
            return try analyse(slice, retention: .kept, warnings: cleaned + [
                "capture times go back across chunks: the slice was analysed a second time to order the rows",
            ])
        }
    }

    /// What one analysis of the slice needs that does not change between attempts.
    private struct Slice {
        let input: SliceInput
        /// The digest `CAPTURE.sha256` records, when it is there and current.
        let recordedDigest: String?
        /// The digest being computed: without a sidecar, or to verify one.
        let digest: InputDigest?
        let seed: UInt64
        let started: DispatchTime
        var size: Int { input.size }
    }

    /// Analyses the capture once into a fresh output directory and publishes it.
    private func analyse(_ slice: Slice, retention: RowRetention, warnings earlier: [String] = []) throws
        -> SliceReport {
        let reader = try PacketSources.open(path: slice.input.path)
        let output = try OutputDirectory(path: options.outputPath, force: options.force)
        do {
            let context = LogContext(sliceSeed: slice.seed, format: options.format,
                                     localNetworks: options.localNetworks)
            let dispatch = options.connOnly ? AnalyzerDispatch(kinds: []) : AnalyzerDispatch()
            let p0f = try P0fDatabase.loadForSlice(path: options.connOnly ? nil : options.p0fDatabasePath)
            var environment = options.analyzerEnvironment
            environment.p0fDatabase = p0f.database
            environment.context = context
            let shards = ShardSet(count: options.shardCount, threads: options.threads, configuration: FlowConfiguration(),
                                  dispatch: dispatch, environment: environment, signatures: options.signatures)
            let decoder = ChunkDecoder(decoder: PacketDecoder(verifyChecksums: options.verifyChecksums),
                                       shardCount: options.shardCount, dispatch: dispatch)
            let logWriter = LogSetWriter(logs: dispatch.logs, format: options.format, directory: output,
                                         retention: retention)
            // The writer's lane reads rows the shards hold: they outlive its work even when the slice fails.
            defer { withExtendedLifetime(shards) { logWriter.drain() } }
            var stage = ReadStage()
            let damage = read(reader, decoder: decoder, into: shards, logWriter: dispatch.logs.isEmpty ? nil : logWriter,
                              stage: &stage, fileSize: slice.size)
            logWriter.drain()
            if logWriter.foundRowsOutOfOrder { throw RowsOutOfOrder() }
            shards.finishAll()
            var records: [[ConnRecord]] = []
            shards.forEachShardSequentially { records.append($0.takeFinished()) }

            let (sha, shaSource) = try Self.inputDigest(slice, path: options.inputPath)
            let opened = stage.firstTimestamp ?? .zero, closed = stage.lastTimestamp ?? .zero
            let writer = ConnLogWriter(sliceSeed: slice.seed, format: options.format,
                                       localNetworks: options.localNetworks)
            let conn = try writer.write(records, to: output.path(of: "conn.log"), opened: opened, closed: closed,
                                        threads: options.threads)
            let logs = try logWriter.finish(shards: shards.emitLogs(context: context), opened: opened, closed: closed,
                                            threads: options.threads)
            // eve.json is a log like the others: empty without rules, absent with --conn-only alone.
            let eve = options.connOnly && options.signatures == nil ? [] : [
                try EveLogWriter.write(options.signatures, matches: shards.signatureMatches,
                                       to: output.path(of: "eve.json")),
            ]
            var warnings = earlier
            if let warning = p0f.warning { warnings.append(warning) }
            if let damage { warnings.append("capture damaged after packet \(stage.counters.read): \(damage)") }
            warnings += Self.skipWarnings(stage.counters)
            let manifest = Manifest(
                input: .init(path: options.inputPath, size: slice.size, sha256: sha, sha256Source: shaSource,
                             linkType: reader.linkType,
                             linkTypes: reader.linkTypes),
                packets: packetSection(stage),
                outputs: [.init(file: "conn.log", bytes: conn.byteCount, records: conn.recordCount, sha256: conn.sha256)]
                    + logs + eve,
                capture: options.captureStatistics,
                anomalies: shards.anomalies.adding(stage.fragmentAnomalies).counts,
                run: .init(wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - slice.started.uptimeNanoseconds) / 1e9,
                           threads: options.threads, shards: options.shardCount, format: "\(options.format)"),
                truncated: damage != nil,
                warnings: warnings,
                rules: options.signatures.map { Manifest.Rules($0.rules.report, pcreLimitHits: shards.pcreLimitHits) })
            try manifest.write(to: output.path(of: "manifest.json"))
            try output.publish()
            return SliceReport(manifest: manifest, outputPath: output.finalPath)
        } catch {
            output.discard()
            throw error
        }
    }

    /// Reads the whole file chunk by chunk. This thread only copies packets out
    /// of libpcap. Chunks then pass two lanes in order, decoding (with fragment
    /// reassembly) and analysis, each spreading its work over the workers; a
    /// chunk is decoded while the one before it is analysed and the one after
    /// it is read, so neither stage's wait for its slowest worker leaves a core
    /// idle. `logWriter` writes the rows analyzers encoded as they went.
    /// Returns libpcap's message if the file is damaged.
    private func read(_ reader: PacketSource, decoder: ChunkDecoder, into shards: ShardSet, logWriter: LogSetWriter?,
                      stage: inout ReadStage, fileSize: Int) -> String? {
        let sliceCount = max(1, options.threads) * 4
        let buffers = (0..<3).map { _ in
            PacketChunk(shardCount: options.shardCount, sliceCount: sliceCount, byteCapacity: options.chunkBytes)
        }
        // A buffer's semaphore is signalled when its chunk has been analysed and it may be refilled.
        let reusable = buffers.map { _ in DispatchSemaphore(value: 1) }
        let decoding = DispatchQueue(label: "otsensor.decode"), analysing = DispatchQueue(label: "otsensor.analyse")
        let fragments = FragmentStage()
        let threads = options.threads
        var damage: String?
        var reporter = ProgressReporter(enabled: options.showProgress, total: fileSize, emit: progress)
        var finished = false
        var next = 0
        while !finished && logWriter?.foundRowsOutOfOrder != true {
            let index = next % buffers.count, chunk = buffers[index]
            next += 1
            reusable[index].wait()
            stage.collect(chunk)
            chunk.reset()
            while chunk.arena.count < options.chunkBytes && chunk.records.count < options.chunkPackets {
                let result = reader.next { time, length, linkType, bytes in
                    stage.note(time: time, captured: bytes.count)
                    if time.isPlausible { chunk.append(time: time, wireLength: length, linkType: linkType, bytes: bytes) }
                }
                if result == .packet { continue }
                if case .damaged(let message) = result { damage = message }
                finished = true
                break
            }
            let opened = stage.firstTimestamp ?? .zero, done = reusable[index]
            decoding.async {
                decoder.decode(chunk, threads: threads)
                fragments.reassemble(chunk, decoder: decoder)
                analysing.async {
                    shards.analyze(chunk)
                    if let logWriter, let newest = chunk.records.last?.time {
                        logWriter.write(chunkRows: shards.takeLiveRows(logWriter.retention), newest: newest,
                                        opened: opened)
                    }
                    done.signal()
                }
            }
            reporter.update(bytes: stage.counters.bytesRead + 16 * stage.counters.read, packets: stage.counters.read)
        }
        for (chunk, done) in zip(buffers, reusable) {
            done.wait()
            stage.collect(chunk)
            done.signal()  // libdispatch refuses to free a semaphore left below its initial value
        }
        stage.fragmentAnomalies = fragments.anomalies
        return damage
    }

    private func packetSection(_ stage: ReadStage) -> Manifest.Packets {
        let c = stage.counters
        var skipped: [String: Int] = [:]
        for (reason, count) in c.skipped { skipped[reason.rawValue] = count }
        var nonIP: [String: Int] = [:]
        for (type, count) in c.nonIP { nonIP[String(format: "0x%04x", type)] = count }
        var unsupported: [String: Int] = [:]
        for (type, count) in c.unsupportedLinkTypes { unsupported[String(type)] = count }
        return .init(read: c.read, decoded: c.decoded, skipped: skipped, nonIPByEtherType: nonIP,
                     unsupportedByLinkType: unsupported,
                     fragments: c.fragments, reassembledDatagrams: c.reassembledDatagrams,
                     droppedFragmentDatagrams: stage.fragmentAnomalies.counts.values.reduce(0, +),
                     firstTime: stage.firstTimestamp?.zeekText, lastTime: stage.lastTimestamp?.zeekText)
    }

    /// The input's SHA-256 and where it came from; a sidecar that disagrees
    /// with the computed digest means the capture changed after it was written.
    private static func inputDigest(_ slice: Slice, path: String) throws -> (String, String) {
        guard let computing = slice.digest else { return (slice.recordedDigest ?? "", "sidecar") }
        let computed = try computing.value()
        guard let recorded = slice.recordedDigest else { return (computed, "computed") }
        guard recorded == computed else {
            throw CaptureError.digestMismatch(path, recorded: recorded, computed: computed)
        }
        return (computed, "verified")
    }

    /// Warnings for packets skipped whole for a reason the user can act on.
    static func skipWarnings(_ counters: PacketCounters) -> [String] {
        var warnings: [String] = []
        for (type, count) in counters.unsupportedLinkTypes.sorted(by: { $0.key < $1.key }) {
            warnings.append("\(count) packets skipped: link type \(type) is not decoded "
                            + "(supported: \(LinkType.supportedList))")
        }
        if let count = counters.skipped[.implausibleTimestamp] {
            warnings.append("\(count) packets skipped: their recorded time is before 1970 or after 2223")
        }
        return warnings
    }
}

/// What the read stage knows about the capture as a whole.
struct ReadStage {
    var counters = PacketCounters()
    var firstTimestamp: Timestamp?
    var lastTimestamp: Timestamp?
    /// Fragmented datagrams given up, by reason.
    var fragmentAnomalies = AnomalyCounts()

    mutating func note(time: Timestamp, captured: Int) {
        counters.read += 1
        counters.bytesRead += captured
        guard time.isPlausible else {
            counters.skip(.implausibleTimestamp)
            return
        }
        if firstTimestamp == nil { firstTimestamp = time }
        lastTimestamp = time
    }

    /// Adds a processed chunk's decode counts (each chunk is collected once,
    /// when its buffer comes back for reuse).
    mutating func collect(_ chunk: PacketChunk) {
        for slice in chunk.slices { counters.add(slice.counters) }
        for i in chunk.slices.indices { chunk.slices[i].counters = PacketCounters() }
    }
}

/// Fragment reassembly across chunks, run by one worker at a time in chunk order.
final class FragmentStage: @unchecked Sendable {
    private var reassembler = FragmentReassembler()

    func reassemble(_ chunk: PacketChunk, decoder: ChunkDecoder) {
        decoder.reassembleFragments(chunk, with: &reassembler)
    }

    var anomalies: AnomalyCounts { reassembler.anomalies }
}

/// Progress lines for long runs: at most one every two seconds.
struct ProgressReporter {
    let enabled: Bool
    let total: Int
    let emit: @Sendable (String) -> Void
    private var last = DispatchTime.now()

    init(enabled: Bool, total: Int, emit: @escaping @Sendable (String) -> Void) {
        self.enabled = enabled
        self.total = total
        self.emit = emit
    }

    mutating func update(bytes: Int, packets: Int) {
        guard enabled else { return }
        let now = DispatchTime.now()
        guard now.uptimeNanoseconds - last.uptimeNanoseconds >= 2_000_000_000 else { return }
        last = now
        let percent = total > 0 ? min(100, 100 * Double(bytes) / Double(total)) : 0
        emit(String(format: "%5.1f%%  %d packets  %.0f of %.0f MB", percent, packets,
                    Double(bytes) / 1e6, Double(total) / 1e6))
    }

    func finish() {}
}
