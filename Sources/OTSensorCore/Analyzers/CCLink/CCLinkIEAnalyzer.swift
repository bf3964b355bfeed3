/// cclink-ie.log and cclink-ie-tsn.log (LOGS.md §6.14, appendix D): frames of
/// EtherType 0x890F without IP, aggregated per (MAC pair, decoded fields)
/// within the slice. One parser feeds both logs, as in NTT's `NO_IP` analyzer.
///
/// VLAN-tagged frames are analysed too (the decoder has already removed the
/// tags): OsecT registers its analyzer for untagged Ethernet only, but CC-Link
/// IE TSN traffic is normally tagged, and dropping it would hide the network.
public final class CCLinkIEAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(etherTypes: [etherType])
    public static let logs = [CCLinkLogs.ie, CCLinkLogs.tsn]
    public static let etherType: UInt16 = 0x890F

    public private(set) var anomalies = AnomalyCounts()
    /// Frames without IP are sharded by their MAC pair, which is in the key:
    /// all of a key's frames are in this shard.
    private var ie: ShardedAggregation<MACPairKey<IERecord>>
    private var tsn: ShardedAggregation<MACPairKey<TSNRecord>>

    public init(environment: AnalyzerEnvironment) {
        ie = ShardedAggregation(.oneShard, environment: environment)
        tsn = ShardedAggregation(.oneShard, environment: environment)
    }

    public func linkFrame(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer) {
        let end = min(bytes.count, packet.capturedLength)
        guard packet.networkOffset <= end else {
            anomalies.record(IEFrame.Failure.empty.rawValue)
            return
        }
        let frame = UnsafeRawBufferPointer(rebasing: bytes[packet.networkOffset..<end])
        switch IEFrame.parse(frame) {
        case .success(.ie(let record)):
            ie.add(MACPairKey(source: packet.sourceMAC, destination: packet.destinationMAC, record: record),
                   at: packet.timestamp)
        case .success(.tsn(let record)):
            tsn.add(MACPairKey(source: packet.sourceMAC, destination: packet.destinationMAC, record: record),
                    at: packet.timestamp)
        case .failure(let failure):
            anomalies.record(failure.rawValue)
        }
    }

    public func absorb(_ others: [CCLinkIEAnalyzer], sliceEnded: Bool) {
        ie.absorb(others.map { $0.ie.handOver(sliceEnded: sliceEnded) })
        tsn.absorb(others.map { $0.tsn.handOver(sliceEnded: sliceEnded) })
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        var text: [UInt8] = []
        for entry in ie.entries {
            let key = entry.key, record = key.record
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.macAddress(key.source)
                row.macAddress(key.destination)
                text.removeAll(keepingCapacity: true)
                record.service.append(to: &text)
                row.string(text)
                row.string(IEFrameNames.pduType(record.frameType))
                if let cmd = record.cmd {
                    text.removeAll(keepingCapacity: true)
                    cmd.append(to: &text)
                    row.string(text)
                } else {
                    row.unset()
                }
                if let nodeType = record.nodeType {
                    text.removeAll(keepingCapacity: true)
                    nodeType.append(to: &text)
                    row.string(text)
                } else {
                    row.unset()
                }
                if let nodeID = record.nodeID { row.int(Int(nodeID)) } else { row.unset() }
                if let info = record.connectionInfo { row.string(hex(UInt16(info), digits: 2)) } else { row.unset() }
                if let number = record.srcNodeNumber { row.string(hex(number, digits: 4)) } else { row.unset() }
                row.int(entry.count)
                row.time(entry.last)
            }
        }
        for entry in tsn.entries {
            let key = entry.key, record = key.record
            logs[1].row(at: entry.first) { row in
                row.time(entry.first)
                row.macAddress(key.source)
                row.macAddress(key.destination)
                row.string(record.service.name)
                row.string(record.pdu.flameType)
                row.string(record.pdu.name)
                if let kind = record.nodeType { row.string(TSNNames.nodeType(kind)) } else { row.unset() }
                if let device = record.deviceType, let name = TSNNames.deviceTypes[device] {
                    row.string(name)
                } else {
                    row.unset()
                }
                if let bits = record.functionBits {
                    text.removeAll(keepingCapacity: true)
                    TSNNames.appendFunctionName(bits, to: &text)
                    row.string(text)
                } else {
                    row.unset()
                }
                row.int(entry.count)
                row.time(entry.last)
            }
        }
    }

    /// `0x` + lower-case hex, zero-padded (`src_node_number`, `connection_info`).
    private func hex(_ value: UInt16, digits: Int) -> String {
        let text = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

/// An aggregation key of the link-layer logs: the frame's MAC pair and what it said.
struct MACPairKey<Record: Hashable & Sendable>: Hashable, Sendable {
    let source: MACAddress
    let destination: MACAddress
    let record: Record

    /// Both 48-bit addresses in one word: one hasher round instead of two.
    func hash(into hasher: inout Hasher) {
        hasher.combine(source.value << 16 ^ destination.value.byteSwapped)
        record.hash(into: &hasher)
    }
}
