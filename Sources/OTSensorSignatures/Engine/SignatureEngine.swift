/// Matches packets against a `RuleSet`. One engine per worker thread: it owns
/// the scratch space, the rule set is shared read-only.
public final class SignatureEngine {
    public let rules: RuleSet
    let scratch = InspectionScratch()
    // The rule set's tables, held directly: reading them through `rules` on
    // every candidate would copy the struct (and retain all its arrays).
    private let signatures: [Signature]
    private let groups: RuleGroups
    private let ipOnly: [Bool]
    private let streamRequirements: [StreamRequirement]
    private let needsApplication: [Bool]

    /// Suricata's `packet-alert-max`.
    public static let maximumAlertsPerPacket = 15

    public init(rules: RuleSet) {
        self.rules = rules
        signatures = rules.signatures
        groups = rules.groups
        ipOnly = rules.ipOnly
        streamRequirements = rules.streamRequirements
        needsApplication = rules.needsApplication
    }

    /// Matches that gave up at the pcre match limit, so far.
    public var pcreLimitHits: Int { scratch.pcreLimitHits }

    /// The signatures (indexes into `rules.signatures`, in order) that match
    /// the packet and log an alert. Flowbits the matching rules set are
    /// applied to `flow` as they match, so a later rule sees them. Threshold
    /// and detection_filter are not applied here (see `AlertThrottle`): they
    /// depend on other flows, which other workers see.
    public func inspect(_ packet: SignaturePacket, flow: inout SignatureFlowState) -> [Int] {
        run(packet, flow: &flow, matched: nil)
    }

    /// `inspect` for one application transaction's progress: the rules in
    /// `matched` already matched the transaction and are skipped, the ones
    /// matching now are added (Suricata's per-transaction detect state), so
    /// a rule's flowbits act once per transaction however often it progresses.
    public func inspect(_ packet: SignaturePacket, flow: inout SignatureFlowState, matched: inout Set<Int>) -> [Int] {
        withUnsafeMutablePointer(to: &matched) { run(packet, flow: &flow, matched: $0) }
    }

    private func run(_ packet: SignaturePacket, flow: inout SignatureFlowState,
                     matched: UnsafeMutablePointer<Set<Int>>?) -> [Int] {
        var alerts: [Int] = []
        guard let group = groups.group(ipProtocol: packet.ipProtocol, toServer: packet.toServer,
                                       sourcePort: packet.sourcePort, destinationPort: packet.destinationPort)
        else { return alerts }
        let hasApplication = packet.appProto != nil || !packet.appBuffers.isEmpty
        scratch.candidates.select(group, payload: packet.payload, stream: packet.stream, appBuffers: packet.appBuffers)
        // The candidates' bits in ascending order are the group's members in
        // match order, so alerts and flowbits come in the rule order.
        signatures.withUnsafeBufferPointer { all in
            candidates: for w in 0..<group.unfiltered.count {
                var word = scratch.candidates.bits[w]
                while word != 0 {
                    let local = w * 64 + word.trailingZeroBitCount
                    word &= word - 1
                    let index = Int(group.members[local])
                    if needsApplication[index] && !hasApplication { continue }
                    if let matched, matched.pointee.contains(index) { continue }
                    let signature = all.baseAddress! + index
                    guard matches(signature, index: index, packet: packet, flow: flow) else { continue }
                    matched?.pointee.insert(index)
                    for op in signature.pointee.flowbits where !op.isCondition { op.apply(to: &flow.flowbits) }
                    if signature.pointee.action == .pass { break candidates }
                    if !signature.pointee.noalert { alerts.append(index) }
                }
            }
        }
        return alerts
    }

    /// `s` points into `signatures`, so that checking a candidate copies nothing.
    private func matches(_ signature: UnsafePointer<Signature>, index: Int, packet: SignaturePacket,
                         flow: SignatureFlowState) -> Bool {
        guard headerMatches(signature, packet) else { return false }
        if ipOnly[index] && !packet.firstInDirection { return false }
        // Suricata skips its packet-type rules on flow-end packets: only stream rules have a chunk to read.
        if packet.isPseudo && !streamRequirements[index].contains(.stream) { return false }
        return bodyMatches(signature.pointee, index: index, packet: packet, flow: flow)
    }

    private func bodyMatches(_ s: borrowing Signature, index: Int, packet: SignaturePacket,
                             flow: SignatureFlowState) -> Bool {
        if packet.isTransaction && !s.readsAppBuffers { return false }
        if !s.flow.holds(toServer: packet.toServer, established: packet.flowEstablished) {
            return false
        }
        if case .app(let name, _) = s.proto, packet.appProto != name { return false }
        if let dsize = s.dsize {
            if !dsize.holds(packet.payload.count) { return false }
            if let needs = dsize.dsizeNeedsPayload, needs == (packet.payload.isEmpty && packet.stream.isEmpty) {
                return false
            }
        }
        for check in s.headerChecks where !check.holds(packet) { return false }
        for op in s.flowbits where op.isCondition && !op.holds(flow.flowbits) { return false }
        var variables = ExtractedValues()
        for inspection in s.buffers {
            if inspection.buffer == .payload {
                if !inspectPayload(inspection, requirement: streamRequirements[index], packet: packet,
                                   variables: &variables) {
                    return false
                }
                continue
            }
            guard let bytes = buffer(inspection.buffer, packet) else { return false }
            if !inspect(inspection, bytes: bytes, variables: &variables) { return false }
        }
        return true
    }

    /// The payload matchers as DetectEngineInspectRulePayloadMatches runs
    /// them: a stream rule tries each block of the packet's stream chunk,
    /// then the packet's own payload unless that went into the stream (the
    /// chunk that holds it is inspected later) or the rule is only_stream;
    /// a packet rule reads the payload alone.
    private func inspectPayload(_ inspection: BufferInspection, requirement: StreamRequirement,
                                packet: SignaturePacket, variables: inout ExtractedValues) -> Bool {
        guard !inspection.matchers.isEmpty else { return inspect(inspection, bytes: packet.payload, variables: &variables) }
        if requirement.contains(.stream) {
            for block in packet.stream where !block.isEmpty {
                var attempt = variables
                if inspect(inspection, bytes: block, variables: &attempt) {
                    variables = attempt
                    return true
                }
            }
            if !requirement.contains(.packet) && packet.streamAdded { return false }
            if requirement.contains(.streamOnly) { return false }
        }
        guard !packet.payload.isEmpty else { return false }
        return inspect(inspection, bytes: packet.payload, variables: &variables)
    }

    private func headerMatches(_ s: UnsafePointer<Signature>, _ p: SignaturePacket) -> Bool {
        guard s.pointee.proto.admits(ipProtocol: p.ipProtocol) else { return false }
        if s.pointee.sourcePorts.contains(p.sourcePort) && s.pointee.destinationPorts.contains(p.destinationPort)
            && s.pointee.source.contains(p.source) && s.pointee.destination.contains(p.destination) {
            return true
        }
        return s.pointee.bidirectional && s.pointee.sourcePorts.contains(p.destinationPort)
            && s.pointee.destinationPorts.contains(p.sourcePort)
            && s.pointee.source.contains(p.destination) && s.pointee.destination.contains(p.source)
    }

    private func buffer(_ id: BufferID, _ packet: SignaturePacket) -> UnsafeRawBufferPointer? {
        switch id {
        case .payload: packet.payload
        case .app(let name): packet.appBuffer(name)
        }
    }

    private func inspect(_ inspection: BufferInspection, bytes: UnsafeRawBufferPointer,
                         variables: inout ExtractedValues) -> Bool {
        if let size = inspection.size, !size.holds(bytes.count) { return false }
        if inspection.dotPrefix {
            scratch.dotted.removeAll(keepingCapacity: true)
            scratch.dotted.append(UInt8(ascii: "."))
            scratch.dotted.append(contentsOf: bytes)
            return scratch.dotted.withUnsafeBytes { run(inspection.matchers, $0, &variables) }
        }
        return run(inspection.matchers, bytes, &variables)
    }

    private func run(_ matchers: [Matcher], _ bytes: UnsafeRawBufferPointer, _ variables: inout ExtractedValues) -> Bool {
        var chain = ChainInspector(matchers: matchers, buffer: bytes, scratch: scratch)
        return chain.run(variables: &variables)
    }
}
