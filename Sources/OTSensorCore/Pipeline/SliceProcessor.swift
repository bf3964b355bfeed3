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
        let started = DispatchTime.now(), wallClock = Date()
        let reporter = ProgressReporter(enabled: options.showProgress, emit: progress)
        defer { reporter.stop() }
        // One slice of a stream at a time: two that overlapped (cron starting the next minute
        // while this one runs) would both continue the same state, and one's connections be lost.
        let (streamLock, waited) = try StreamLock.take(stateDirectory: options.stateDirectory)
        defer { withExtendedLifetime(streamLock) {} }
        // With the stream's lock held, a state file under a temporary name is a killed slice's.
        let cleaned = StaleOutputs.clean(output: options.outputPath) + waited
            + (options.stateDirectory.map { StaleOutputs.clean(output: CarriedStateFile.path(in: $0)) } ?? [])
        var inputs: [SliceInput] = []
        defer { inputs.forEach { $0.finish() } }
        for (copy, name) in options.inputPaths.enumerated() {
            inputs.append(try SliceInput(name: name, outputPath: options.outputPath, copy: copy))
        }
        let files = inputs.map { input in
            let recorded = input.path == input.name ? DigestSidecar.recordedDigest(of: input.path) : nil
            return SliceFile(input: input, recordedDigest: recorded,
                             digest: recorded == nil || options.verifyInput ? InputDigest(path: input.path) : nil)
        }
        let slice = Slice(files: files, seed: try SliceSeed.compute(inputs: inputs), started: started,
                          wallClock: wallClock)
        do {
            return try analyse(slice, retention: .released, reporter: reporter, warnings: cleaned)
        } catch is RowsOutOfOrder {
            // Rare: times that go back across chunks. Analysing again with every row kept costs a
            // second pass over this slice instead of holding every slice's rows to the end.
            return try analyse(slice, retention: .kept, reporter: reporter, warnings: cleaned + [
                "capture times go back across chunks: the slice was analysed a second time to order the rows",
            ])
        }
    }

    /// One capture of the slice and its digest.
    struct SliceFile {
        let input: SliceInput
        /// The digest `CAPTURE.sha256` records, when it is there and current.
        let recordedDigest: String?
        /// The digest being computed: without a sidecar, or to verify one.
        let digest: InputDigest?
    }

    /// What one analysis of the slice needs that does not change between attempts.
    struct Slice {
        let files: [SliceFile]
        let seed: UInt64
        let started: DispatchTime
        let wallClock: Date
        var size: Int { files.reduce(0) { $0 + $1.input.size } }
    }

    /// Analyses the capture once into a fresh output directory and publishes it.
    private func analyse(_ slice: Slice, retention: RowRetention, reporter: ProgressReporter,
                         warnings earlier: [String] = []) throws
        -> SliceReport {
        let captures = try open(slice)
        let reader = captures.source
        let clock = StageClock()
        let output = try OutputDirectory(path: options.outputPath, force: options.force)
        var staged: StagedStateFile?
        do {
            let context = LogContext(sliceSeed: slice.seed, format: options.format,
                                     localNetworks: options.localNetworks)
            let dispatch = options.connOnly ? AnalyzerDispatch.none : try AnalyzerDispatch.standard()
            let p0f = try P0fDatabase.loadForSlice(path: options.connOnly ? nil : options.p0fDatabasePath)
            var environment = options.analyzerEnvironment
            environment.p0fDatabase = p0f.database
            environment.context = context
            // HTTP progress feeds the buffers and, for stream rules, the raw-inspection triggers.
            environment.keepsSignatureBuffers = options.signatures.map {
                $0.rules.readsHTTPBuffers || $0.rules.inspectsStreams
            } ?? false
            var flows = FlowConfiguration()
            flows.pollsLongConnections = options.format == .osect && options.stateDirectory != nil
            let shards = ShardSet(count: options.shardCount, threads: options.threads, configuration: flows,
                                  dispatch: dispatch, environment: environment, signatures: options.signatures,
                                  clock: clock)
            let decoder = ChunkDecoder(decoder: PacketDecoder(verifyChecksums: options.verifyChecksums),
                                       shardCount: options.shardCount, dispatch: dispatch, clock: clock)
            let logWriter = LogSetWriter(logs: dispatch.logs, format: options.format, directory: output,
                                         retention: retention, clock: clock)
            let stream = options.stateDirectory.map {
                StreamState(directory: $0, limits: options.stateLimits, dispatch: dispatch)
            }
            // The writer's lane reads rows the shards hold: they outlive its work even when the slice fails.
            defer { withExtendedLifetime(shards) { logWriter.drain() } }
            var stage = ReadStage()
            reporter.reading(total: slice.size)
            let readDamage = read(reader, decoder: decoder, into: shards,
                                  logWriter: dispatch.logs.isEmpty ? nil : logWriter,
                                  stream: stream, stage: &stage, reporter: reporter)
            // A compressed input cut short is why libpcap found the end of its copy damaged, if it did.
            let damage = slice.files.lazy.compactMap(\.input.damage).first ?? readDamage
            reporter.writing()
            logWriter.drain()
            if logWriter.foundRowsOutOfOrder { throw RowsOutOfOrder() }
            let carried = stream?.carry(from: shards, lastPacket: stage.lastTimestamp, sliceSeed: slice.seed)
            shards.finishAll()
            var records: [[ConnRecord]] = []
            shards.forEachShardSequentially { records.append($0.takeFinished()) }
            records.append(carried?.evicted ?? [])

            let opened = stage.firstTimestamp ?? .zero, closed = stage.lastTimestamp ?? .zero
            let writer = ConnLogWriter(sliceSeed: slice.seed, format: options.format,
                                       localNetworks: options.localNetworks, clock: clock)
            let conn = try writer.write(records, to: output.path(of: "conn.log"), opened: opened, closed: closed,
                                        threads: options.threads)
            // The osect layout reports open connections as its polls' conn_long rows, in conn.log.
            let connLong = stream == nil || options.format == .osect ? nil
                : try writer.write([carried?.kept.map(\.record) ?? []], to: output.path(of: "conn_long.log"),
                                   logPath: "conn_long", opened: opened, closed: closed, threads: 1)
            let logs = try logWriter.finish(shards: shards.emitLogs(context: context), opened: opened, closed: closed,
                                            threads: options.threads)
            // eve.json is a log like the others: empty without rules, absent with --conn-only alone.
            let eve = options.connOnly && options.signatures == nil ? [] : [
                try clock.measure(.logWriting) {
                    try EveLogWriter.write(options.signatures, matches: shards.signatureMatches,
                                           to: output.path(of: "eve.json"))
                },
            ]
            var warnings = earlier
            if let warning = p0f.warning { warnings.append(warning) }
            if let damage { warnings.append("capture damaged after packet \(stage.counters.read): \(damage)") }
            warnings += stream?.warnings ?? []
            warnings += Self.skipWarnings(stage.counters)
            let input = try inputSection(slice, linkTypes: captures.linkTypesByFile, stage: stage, damaged: damage != nil)
            for file in slice.files { clock.add(file.digest?.cpuNanoseconds ?? 0, to: .digest) }
            if let stream, let carried {
                staged = try stream.stage(carried, input: input.files.map(\.sha256).joined(separator: ","))
            }
            var manifest = Manifest(
                input: input,
                run: runSection(slice, clock: clock),
                counts: countsSection(stage, filteredOut: captures.filteredOut),
                files: [Self.fileEntry("conn.log", conn)] + (connLong.map { [Self.fileEntry("conn_long.log", $0)] } ?? [])
                    + logs + eve,
                anomalies: shards.anomalies.adding(stage.fragmentAnomalies).counts,
                warnings: warnings,
                rules: options.signatures.map { Manifest.Rules($0.rules.report, pcreLimitHits: shards.pcreLimitHits) })
            manifest.state = stream?.report
            try manifest.write(to: output.path(of: "manifest.json"))
            try output.publish()
            // The stream moves on only with the slice's logs in place: a slice that fails (a full
            // disk at its manifest) is redone from the state it started with, not from its own.
            try staged?.commit()
            return SliceReport(manifest: manifest, outputPath: output.finalPath)
        } catch {
            staged?.discard()
            output.discard()
            throw error
        }
    }

    /// Opens the captures; a copy libpcap refuses is reported by the name the user gave,
    /// and by what is wrong with it when it is a compressed file cut short.
    private func open(_ slice: Slice) throws -> OpenedCaptures {
        do {
            return try OpenedCaptures(paths: slice.files.map(\.input.path), names: options.inputPaths,
                                      filter: options.filter)
        } catch CaptureError.notACapture(let path, let reason) {
            guard let input = slice.files.first(where: { $0.input.path == path && $0.input.path != $0.input.name })?.input
            else { throw CaptureError.notACapture(path, reason: reason) }
            if let damage = input.damage { throw CaptureError.notReadable(input.name, reason: damage) }
            throw CaptureError.notACapture(input.name, reason: reason)
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
                      stream: StreamState?, stage: inout ReadStage, reporter: ProgressReporter) -> String? {
        let sliceCount = max(1, options.threads) * 4
        let buffers = (0..<3).map { _ in
            PacketChunk(shardCount: options.shardCount, sliceCount: sliceCount, byteCapacity: options.chunkBytes)
        }
        // A buffer's semaphore is signalled when its chunk has been analysed and it may be refilled.
        let reusable = buffers.map { _ in DispatchSemaphore(value: 1) }
        let decoding = DispatchQueue(label: "otsensor.decode"), analysing = DispatchQueue(label: "otsensor.analyse")
        let fragments = FragmentStage(clock: decoder.clock)
        let threads = options.threads
        var damage: String?
        var finished = false
        var next = 0
        while !finished && logWriter?.foundRowsOutOfOrder != true {
            let index = next % buffers.count, chunk = buffers[index]
            next += 1
            reusable[index].wait()
            stage.collect(chunk)
            chunk.reset()
            shards.clock.measure(.read) {
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
            }
            let opened = stage.firstTimestamp ?? .zero, done = reusable[index]
            // Carried connections enter before the first chunk is analysed, once its first packet
            // tells whether the slice continues the stream.
            if next == 1 { stream?.adopt(into: shards, fragments: fragments, firstPacket: stage.firstTimestamp) }
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
        stream?.fragments = fragments.carry()
        return damage
    }

    static func fileEntry(_ name: String, _ summary: LogFileSummary) -> Manifest.OutputFile {
        .init(file: name, bytes: summary.byteCount, records: summary.recordCount, sha256: summary.sha256)
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
    private let clock: StageClock

    init(clock: StageClock) { self.clock = clock }

    func reassemble(_ chunk: PacketChunk, decoder: ChunkDecoder) {
        clock.measure(.fragments) { decoder.reassembleFragments(chunk, with: &reassembler) }
    }

    /// Continues with the fragments carried from the previous slice (before the first chunk).
    func resume(_ carried: FragmentReassembler) { reassembler = carried }

    /// The fragments still waiting, for the next slice of the stream.
    func carry() -> [UInt8] {
        var writer = StateWriter()
        reassembler.carry(into: &writer)
        return writer.bytes
    }

    var anomalies: AnomalyCounts { reassembler.anomalies }
}

/// Progress lines for a terminal: the first half a second after the slice
/// starts, then every half second, whatever the slice is doing (copying a
/// piped input, reading, writing the logs), so that even a short run shows it
/// is working. The reading loop only stores its counts; a timer reports them.
/// The command line turns the lines into one line rewritten in place and ends
/// it with its summary.
final class ProgressReporter: @unchecked Sendable {
    private enum Phase { case preparing, reading, writing }

    private let emit: @Sendable (String) -> Void
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?
    private var phase = Phase.preparing
    private var total = 0, bytes = 0, packets = 0

    init(enabled: Bool, emit: @escaping @Sendable (String) -> Void) {
        self.emit = emit
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
        timer.setEventHandler { [weak self] in self?.report() }
        timer.resume()
        self.timer = timer
    }

    /// The captures are open: `total` bytes to read (again, on a second analysis).
    func reading(total: Int) {
        lock.withLock {
            phase = .reading
            self.total = total
            bytes = 0
            packets = 0
        }
    }

    func update(bytes: Int, packets: Int) {
        lock.withLock {
            self.bytes = bytes
            self.packets = packets
        }
    }

    /// Every packet is read: the rest is analysis and writing the logs.
    func writing() {
        lock.withLock { phase = .writing }
    }

    /// No line comes after this returns (a report under way finishes first).
    func stop() {
        lock.withLock {
            timer?.cancel()
            timer = nil
        }
    }

    private func report() {
        lock.withLock {
            guard timer != nil else { return }
            switch phase {
            case .preparing:
                emit("preparing the input (a pipe is copied first)")
            case .reading where total > 0 && bytes >= total:
                emit("analysing  \(packets) packets read")
            case .reading:
                let percent = total > 0 ? min(100, 100 * Double(bytes) / Double(total)) : 0
                emit(String(format: "reading %5.1f%%  %d packets  %.0f of %.0f MB", percent, packets,
                            Double(bytes) / 1e6, Double(total) / 1e6))
            case .writing:
                emit("writing logs  \(packets) packets read")
            }
        }
    }
}
