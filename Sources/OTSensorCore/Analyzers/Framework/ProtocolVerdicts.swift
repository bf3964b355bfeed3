/// Confirmation and violation in one place: applies what the analyzers and
/// recognisers of a connection concluded while handling one packet, as Zeek's
/// DPD script (base/frameworks/analyzer/dpd.zeek) does.
///
/// - A confirmation appends the service to conn.log's `service`, in order.
/// - A violation is ignored once the connection carried more than
///   `DPD::ignore_violations_after` (10 KiB) of payload. Otherwise it detaches
///   the analyzer and removes the services it withdrew; an analyzer that has
///   not confirmed yet survives `violationsBeforeConfirmation` violations.
/// - A role reversal an analyzer asked for swaps originator and responder.
struct ProtocolVerdicts {
    /// `DPD::ignore_violations_after`.
    static let ignoreViolationsAfter: UInt64 = 10 * 1024

    /// Per slot: the violations it survives before confirming, and an
    /// analyzer's name for the manifest's count of detachments (a recogniser
    /// counts its own reason instead).
    private let tolerances: [Int]
    private let names: [String?]
    /// Violations survived so far, by connection serial and slot.
    private var survived: [UInt64: Int] = [:]

    init(dispatch: AnalyzerDispatch) {
        tolerances = dispatch.kinds.map { $0.violationsBeforeConfirmation } + dispatch.recognizers.map { _ in 0 }
        names = dispatch.kinds.map { $0.analyzerName.isEmpty ? "\($0)" : $0.analyzerName } + dispatch.recognizers.map { _ in nil }
    }

    mutating func settle(_ view: ConnectionView, into connection: inout Connection, anomalies: inout AnomalyCounts) {
        if !view.confirmedServices.isEmpty { connection.services.formUnion(view.confirmedServices) }
        connection.confirmedSlots |= view.confirmingSlots
        connection.slots = view.slots & ~view.retiredSlots
        connection.retiredSlots = view.retiredSlots
        connection.detecting = view.detecting
        if view.violatingSlots != 0 && connection.origBytes + connection.respBytes <= Self.ignoreViolationsAfter {
            detach(view.violatingSlots, view.withdrawnServices, &connection, &anomalies)
        }
        if view.flipsRoles { connection.flipRoles() }
    }

    private mutating func detach(_ violating: UInt64, _ withdrawn: ServiceList, _ connection: inout Connection,
                                 _ anomalies: inout AnomalyCounts) {
        var remaining = violating, detached: UInt64 = 0
        while remaining != 0 {
            let slot = remaining.trailingZeroBitCount
            let bit = UInt64(1) << UInt64(slot)
            remaining &= ~bit
            if connection.confirmedSlots & bit == 0 && tolerances[slot] > 0 {
                let key = connection.serial << 6 | UInt64(slot)
                let count = survived[key, default: 0] + 1
                survived[key] = count
                if count <= tolerances[slot] { continue }
            }
            detached |= bit
            if let name = names[slot] { anomalies.record("\(name).analyzer_disabled") }
        }
        guard detached != 0 else { return }
        connection.slots &= ~detached
        connection.retiredSlots |= detached
        connection.services.subtract(withdrawn)
    }

    /// Forgets a connection that left the table.
    mutating func forget(_ connection: Connection) {
        guard !survived.isEmpty else { return }
        var slots = connection.slots | connection.retiredSlots
        while slots != 0 {
            let slot = slots.trailingZeroBitCount
            slots &= slots - 1
            survived[connection.serial << 6 | UInt64(slot)] = nil
        }
    }
}
