/// Carried state (`--state`): a connection open at a slice's end leaves this
/// shard with what its analyzers keep about it, and comes back in the next
/// slice, maybe into another shard.
extension AnalyzerSet {
    /// Writes the state of every analyzer attached to `connection` that
    /// carries its state, as (slot, length, bytes) entries. The others end their
    /// part now, so their rows are written in this slice; on a TCP connection
    /// they are retired, and the recognisers still undecided too, since both
    /// would resume in the middle of the stream. Content detection goes on
    /// with what it kept.
    func carry(_ connection: inout Connection, into writer: inout StateWriter) {
        let view = ConnectionView(connection, shard: shard, time: connection.lastTime)
        var carried: [(slot: UInt8, state: [UInt8])] = []
        var ending: UInt64 = 0
        var slots = connection.slots & ~connection.retiredSlots & dispatch.analyzerSlots
        while slots != 0 {
            let slot = slots.trailingZeroBitCount
            slots &= slots - 1
            var state = StateWriter()
            if analyzers[slot].carry(view, into: &state) {
                carried.append((UInt8(slot), state.bytes))
            } else {
                analyzers[slot].connectionEnded(view)
                ending |= 1 << UInt64(slot)
            }
        }
        if connection.transport == .tcp {
            let recognizing = connection.slots & ~connection.retiredSlots & ~dispatch.analyzerSlots
            connection.retiredSlots |= ending | recognizing
        }
        recognizers.detach(serial: connection.serial, slots: connection.slots)
        verdicts.forget(connection)
        writer.put(UInt32(carried.count))
        for entry in carried {
            writer.put(entry.slot)
            writer.put(entry.state)
        }
        let buffer = connection.detecting ? detection.removeValue(forKey: connection.serial) : nil
        writer.put(buffer != nil)
        buffer?.carry(into: &writer)
    }

    /// Gives back to the analyzers what `carry` wrote, for a connection now
    /// in this shard. An analyzer whose state cannot be read (a defect: the
    /// file's checksum and version matched) is retired from the connection
    /// and counted, instead of costing the rest of the carried state.
    func resume(_ connection: inout Connection, state: StateReader) {
        recognizers.attach(connection.slots & ~connection.retiredSlots, serial: connection.serial)
        let view = ConnectionView(connection, shard: shard, time: connection.lastTime)
        var reader = state
        do {
            for _ in 0..<(try reader.count()) {
                let slot = Int(try reader.uint8())
                var entry = try reader.part()
                guard slot < analyzers.count else { throw CarriedStateError.malformed("analyzer slot \(slot)") }
                do {
                    try analyzers[slot].resume(view, from: &entry)
                    guard entry.isAtEnd else { throw CarriedStateError.malformed("state left unread") }
                } catch {
                    connection.retiredSlots |= 1 << UInt64(slot)
                    frameworkAnomalies.record("carried_state.analyzer_unreadable")
                }
            }
            if try reader.bool() {
                let buffer = try DPDBuffer(carriedFrom: &reader)
                if connection.detecting { detection[connection.serial] = buffer }
            }
        } catch {
            frameworkAnomalies.record("carried_state.analyzer_unreadable")
        }
    }

    /// Every analyzer's flows kept apart from connections, as state file
    /// records: the analyzer's slot, the flow key, the analyzer's state.
    func carryFlows() -> [(key: FlowKey, record: [UInt8])] {
        analyzers.enumerated().flatMap { slot, analyzer in
            analyzer.carryFlows().map { flow in
                var record = StateWriter(reservingCapacity: flow.state.bytes.count + 48)
                record.put(UInt8(slot))
                flow.key.carry(into: &record)
                record.put(flow.state.bytes)
                return (flow.key, record.bytes)
            }
        }
    }

    /// Gives a carried flow back to its analyzer; one that cannot be read is counted.
    func resumeFlow(analyzer slot: Int, state: StateReader) {
        var reader = state
        do {
            guard slot < analyzers.count else { throw CarriedStateError.malformed("analyzer slot \(slot)") }
            try analyzers[slot].resumeFlow(from: &reader)
            guard reader.isAtEnd else { throw CarriedStateError.malformed("state left unread") }
        } catch {
            frameworkAnomalies.record("carried_state.analyzer_unreadable")
        }
    }
}
