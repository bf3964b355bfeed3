/// YAF's flow table for one shard, with YAF's default timeouts: a packet more
/// than 1800 s after its flow's start (checked first) or more than 300 s after
/// its last packet closes the flow (`active`, `idle`) and starts a new one.
/// YAF compares millisecond times.
/// Both directions of an address pair share a shard, so a flow never spans shards.
struct YAFFlowTable {
    static let idleMilliseconds: Int64 = 300_000
    static let activeMilliseconds: Int64 = 1_800_000

    private var open: [YAFFlow.Key: YAFFlow] = [:]
    private(set) var closed: [YAFClosedFlow] = []

    mutating func add(_ packet: PacketInfo) {
        let key = YAFFlow.Key(source: packet.source, destination: packet.destination, ipProtocol: packet.ipProtocol,
                              vlan: packet.vlan & 0x0FFF)
        var forward = true
        var found = open[key]
        if found == nil, let reverse = open[key.reversed] {
            found = reverse
            forward = false
        }
        if var flow = found {
            if let reason = expiry(of: flow, at: packet.timestamp) {
                open[flow.key] = nil
                closed.append(YAFClosedFlow(flow: flow, reason: reason))
            } else {
                flow.add(packet, forward: forward)
                open[flow.key] = flow
                return
            }
        }
        var flow = YAFFlow(key: key, packet: packet)
        flow.add(packet, forward: true)
        open[key] = flow
    }

    /// End of input: every open flow closes with `eof`.
    mutating func closeAll() {
        for flow in open.values { closed.append(YAFClosedFlow(flow: flow, reason: .eof)) }
        open.removeAll()
    }

    /// The open flows, which leave the table for the next slice of the stream.
    mutating func takeOpen() -> [YAFFlow] {
        defer { open.removeAll() }
        return Array(open.values)
    }

    /// A flow carried from the previous slice of the stream.
    mutating func insert(_ flow: YAFFlow) { open[flow.key] = flow }

    mutating func takeClosed() -> [YAFClosedFlow] {
        defer { closed = [] }
        return closed
    }

    private func expiry(of flow: YAFFlow, at time: Timestamp) -> YAFFlow.EndReason? {
        let now = YAFText.milliseconds(time)
        if now - YAFText.milliseconds(flow.start) > Self.activeMilliseconds { return .active }
        if now - YAFText.milliseconds(flow.end) > Self.idleMilliseconds { return .idle }
        return nil
    }
}
