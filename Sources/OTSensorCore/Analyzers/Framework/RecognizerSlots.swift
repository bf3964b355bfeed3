/// The service recognisers attached to a shard's open connections: one value
/// per connection and recogniser, fed until it violates (a confirmed one goes
/// on judging, as Zeek's analyzers do) and then dropped.
struct RecognizerSlots {
    private struct Entry {
        var recognizer: any ServiceRecognizer
        var flipped = false
        var confirmed = false
        /// How many of its inner services reached the connection.
        var innerConfirmed = 0
    }

    private let kinds: [any ServiceRecognizer.Type]
    private let services: [Service]
    private let firstSlot: Int
    /// The slot bits that are recognisers.
    private let mask: UInt64
    private let partialSkipping: UInt64
    /// By connection serial << 6 | slot.
    private var entries: [UInt64: Entry] = [:]

    init(dispatch: AnalyzerDispatch) {
        kinds = dispatch.recognizers
        services = dispatch.recognizers.map { Service($0.service) }
        firstSlot = dispatch.kinds.count
        mask = ~dispatch.analyzerSlots
        partialSkipping = dispatch.partialSkippingSlots
    }

    /// Makes a fresh recogniser for each recogniser slot in `slots`.
    mutating func attach(_ slots: UInt64, serial: UInt64) {
        var recognizers = slots & mask
        while recognizers != 0 {
            let slot = recognizers.trailingZeroBitCount
            recognizers &= recognizers - 1
            entries[serial << 6 | UInt64(slot)] = Entry(recognizer: kinds[slot - firstSlot].init())
        }
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, slot: Int, serial: UInt64,
                       view: inout ConnectionView, anomalies: inout AnomalyCounts) {
        let key = serial << 6 | UInt64(slot)
        guard entries[key] != nil else { return }
        guard !(view.isPartial && partialSkipping & 1 << UInt64(slot) != 0) else {
            retire(key, slot: slot, view: &view)
            return
        }
        let verdict = entries[key]!.recognizer.feed(bytes, isOrig: isOrig)
        conclude(verdict, key: key, slot: slot, view: &view, anomalies: &anomalies)
    }

    mutating func gap(length: UInt64, isOrig: Bool, slot: Int, serial: UInt64,
                      view: inout ConnectionView, anomalies: inout AnomalyCounts) {
        let key = serial << 6 | UInt64(slot)
        guard let entry = entries[key] else { return }
        // After confirming, Zeek's analyzers stop parsing at a gap; the
        // service they confirmed stays.
        guard !entry.confirmed else {
            retire(key, slot: slot, view: &view)
            return
        }
        let verdict = entries[key]!.recognizer.gap(length: length, isOrig: isOrig)
        conclude(verdict, key: key, slot: slot, view: &view, anomalies: &anomalies)
    }

    /// Passes a recogniser's role reversal and verdict to the view; a
    /// recogniser that violated leaves the connection.
    private mutating func conclude(_ verdict: RecognizerVerdict, key: UInt64, slot: Int,
                                   view: inout ConnectionView, anomalies: inout AnomalyCounts) {
        if !entries[key]!.flipped && entries[key]!.recognizer.flipsRoles {
            entries[key]!.flipped = true
            view.flipRoles()
        }
        switch verdict {
        case .undecided:
            return
        case .confirmed:
            if !entries[key]!.confirmed {
                entries[key]!.confirmed = true
                view.confirm(services[slot - firstSlot])
            }
            let inner = entries[key]!.recognizer.innerServices
            for name in inner.dropFirst(entries[key]!.innerConfirmed) { view.confirm(Service(name)) }
            entries[key]!.innerConfirmed = inner.count
        case .violated(let reason):
            anomalies.record(reason)
            view.withdraw(services[slot - firstSlot])
            retire(key, slot: slot, view: &view)
        }
    }

    private mutating func retire(_ key: UInt64, slot: Int, view: inout ConnectionView) {
        entries[key] = nil
        view.retiredSlots |= 1 << UInt64(slot)
    }

    /// The recogniser of type `R` on connection `serial`, while it is attached.
    func recognizer<R: ServiceRecognizer>(_ type: R.Type, serial: UInt64) -> R? {
        guard let index = kinds.firstIndex(where: { ObjectIdentifier($0) == ObjectIdentifier(type) }) else { return nil }
        return entries[serial << 6 | UInt64(firstSlot + index)]?.recognizer as? R
    }

    /// Drops a connection's recognisers (it left the table).
    mutating func detach(serial: UInt64, slots: UInt64) {
        guard !entries.isEmpty else { return }
        var recognizers = slots & mask
        while recognizers != 0 {
            let slot = recognizers.trailingZeroBitCount
            recognizers &= recognizers - 1
            entries[serial << 6 | UInt64(slot)] = nil
        }
    }
}
