/// One slice's part in a capture stream with carried state (`--state DIR`):
/// the stream's state is read before the first packet and the connections
/// still open are saved at the end. Whatever is wrong with the state file, the
/// slice is analysed without it and the manifest says why.
final class StreamState: @unchecked Sendable {
    let directory: String
    let limits: CarriedStateLimits
    private let configuration: String
    /// The state file as read, kept for a second analysis of the slice.
    private let file: CarriedStateFile?
    private(set) var warnings: [String] = []
    private(set) var report: Manifest.State
    /// IP fragments still waiting at the slice's end (set by the read stage).
    var fragments: [UInt8] = []

    init(directory: String, limits: CarriedStateLimits, dispatch: AnalyzerDispatch) {
        self.directory = directory
        self.limits = limits
        configuration = "otsensor \(OTSensorVersion.current); analyzers "
            + dispatch.kinds.map { "\($0)" }.joined(separator: ",") + "; recognizers "
            + dispatch.recognizers.map { "\($0)" }.joined(separator: ",")
        report = Manifest.State(directory: directory)
        do {
            file = try CarriedStateFile.read(directory: directory, configuration: configuration)
            if file == nil { report.started = "no state file: the stream starts here" }
        } catch {
            file = nil
            report.started = "without state"
            warnings.append("carried state not used, the slice was analysed without it: \(error)")
        }
    }

    /// Puts the carried connections into `shards` before the first packet,
    /// unless the slice starts before the state's last packet. Called again
    /// for a second analysis of the slice.
    func adopt(into shards: ShardSet, fragments stage: FragmentStage, firstPacket: Timestamp?) {
        guard let file else { return }
        report.loaded = 0
        if let firstPacket, firstPacket < file.lastPacket {
            let error = CarriedStateError.outOfOrder(stateLastPacket: file.lastPacket, sliceFirstPacket: firstPacket)
            report.started = "without state"
            warnings = ["carried state not used, the slice was analysed without it: \(error)"]
            return
        }
        do {
            // Everything that can fail to read is read before anything is adopted (connections
            // are decoded whole by `adopt` before the first enters a shard).
            var reader = StateReader(file.fragments)
            let fragments = try FragmentReassembler(carriedFrom: &reader)
            let flows = try shards.flowsByShard(file.flows)
            report.loaded = try shards.adopt(file.records)
            shards.adoptFlows(flows)
            stage.resume(fragments)
            report.started = "continues the slice with input sha256 \(file.savedAfterInput)"
        } catch {
            report.started = "without state"
            warnings = ["carried state not used, the slice was analysed without it: \(error)"]
        }
    }

    /// What the slice hands to the next, taken from `shards` after the last
    /// chunk and before the analyzers finish: the connections and flows still
    /// open at the slice's last packet (the state's, when the slice had none),
    /// within the limits. Nil when there is neither a packet nor a state.
    func carry(from shards: ShardSet, lastPacket: Timestamp?, sliceSeed: UInt64) -> CarriedEnd? {
        guard let end = lastPacket ?? file?.lastPacket else { return nil }
        let (kept, evicted) = fit(shards.carryOpen(now: end, sliceSeed: sliceSeed))
        return CarriedEnd(lastPacket: end, kept: kept, evicted: evicted, flows: shards.carryFlows())
    }

    /// Splits the open connections into those the state file keeps, within
    /// the limits, and the rows of those that do not fit (the longest idle),
    /// which the slice writes to conn.log as if they had ended.
    private func fit(_ carried: [CarriedConnection]) -> (kept: [CarriedConnection], evicted: [ConnRecord]) {
        var bytes = carried.reduce(0) { $0 + $1.state.count + 4 }
        guard carried.count > limits.connections || bytes > limits.bytes else { return (carried, []) }
        var dropped = Set<Int>()
        for i in carried.indices.sorted(by: { carried[$0].lastTime < carried[$1].lastTime })
        where carried.count - dropped.count > limits.connections || bytes > limits.bytes {
            dropped.insert(i)
            bytes -= carried[i].state.count + 4
        }
        warnings.append("\(dropped.count) open connections did not fit the state file's limits "
                        + "(\(limits.connections) connections, \(limits.bytes) bytes): the longest idle "
                        + "were written to conn.log as if they had ended")
        report.evicted = dropped.count
        return (carried.indices.filter { !dropped.contains($0) }.map { carried[$0] },
                dropped.sorted().map { carried[$0].record })
    }

    /// Writes the stream's next state file, what `carried` keeps after the slice whose
    /// input digest is `input`; it replaces the current one when committed.
    func stage(_ carried: CarriedEnd, input: String) throws -> StagedStateFile {
        let staged = try CarriedStateFile(configuration: configuration, lastPacket: carried.lastPacket, savedAfterInput: input,
                                          records: carried.kept.map { $0.state[...] }, flows: carried.flows.map { $0[...] },
                                          fragments: fragments[...])
            .stage(directory: directory)
        report.saved = carried.kept.count
        return staged
    }
}

/// What one slice hands to the next slice of its stream.
struct CarriedEnd {
    let lastPacket: Timestamp
    /// The open connections the state file keeps, in its order.
    let kept: [CarriedConnection]
    /// The rows of those past its limits, written to conn.log as if they had ended.
    let evicted: [ConnRecord]
    /// Analyzers' flows kept apart from connections.
    let flows: [[UInt8]]
}
