/// p0f-k.log (LOGS.md §6.6): one line per fingerprinted TCP SYN and SYN+ACK,
/// with the best label of the p0f database (`--p0f-db`) and the packet's raw
/// p0f signature.
///
/// osect layout: p0f-k's own line (style R: rows only, IPv6 in p0f's
/// uncompressed form). Native layout: the same columns as a Zeek TSV log with
/// `#path p0f`, `src_ip` typed `addr` so Zeek tools read it as an address.
///
/// Where this differs from p0f on a live interface: only SYN segments reach
/// the analyzer, so a flow ended by FIN/RST/early ACK still accepts its
/// SYN+ACK; p0f's 30 s flow expiry (run every 50 packets) is applied at each
/// handshake packet and its 1000-flow limit per shard; IPv4 fragments are
/// reassembled by the decoder before they arrive (p0f ignores fragments).
public final class P0fAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(tcpHandshakes: true)

    public static let logs: [LogDescription] = {
        func schema(address: ZeekType, framing: OsectFraming) -> LogSchema {
            LogSchema(path: "p0f", fields: [
                LogField(name: "ts", type: .time),
                LogField(name: "mod", type: .string),
                LogField(name: "src_ip", type: address),
                LogField(name: "src_mac", type: .string),
                LogField(name: "os", type: .string),
                LogField(name: "raw_sig", type: .string),
            ], osectFraming: framing)
        }
        return [LogDescription(fileName: "p0f-k.log", schema: schema(address: .addr, framing: .r),
                               osectSchema: schema(address: .string, framing: .r))]
    }()

    private struct Row {
        var time: Timestamp
        var isSynAck: Bool
        var address: IPAddress
        var mac: MACAddress
        var label: Int?
        var rawSignature: String
    }

    private let database: P0fDatabase
    private var flows = P0fFlowTable()
    private var fingerprints = P0fFingerprintCache()
    private var rows: [Row] = []
    public private(set) var anomalies = AnomalyCounts()

    public init(environment: AnalyzerEnvironment) {
        database = environment.p0fDatabase
    }

    public func ipPacket(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer, connection: ConnectionView) {
        // p0f reads the link header itself: it skips one VLAN tag at most and
        // never looks inside tunnels.
        guard packet.tunnel == nil, packet.vlanTagCount <= 1 else { return }
        let parsed: P0fPacket
        switch P0fPacket.parse(bytes, offset: packet.networkOffset) {
        case .success(let value): parsed = value
        case .failure(let rejection):
            anomalies.record(rejection.rawValue)
            return
        }
        let found = flows.lookup(source: packet.source, sourcePort: packet.sourcePort,
                                 destination: packet.destination, destinationPort: packet.destinationPort,
                                 at: packet.timestamp)
        switch parsed.kind {
        case .syn: syn(parsed, packet: packet, existing: found)
        case .synAck: synAck(parsed, packet: packet, existing: found)
        }
    }

    private func syn(_ parsed: P0fPacket, packet: PacketInfo,
                     existing: (key: P0fFlowTable.Key, flow: P0fFlowTable.Flow, toServer: Bool)?) {
        if let existing {
            if existing.toServer && existing.flow.clientSequence == parsed.sequence { return }
            flows.remove(existing.key)
        }
        let key = P0fFlowTable.Key(client: packet.source, clientPort: packet.sourcePort,
                                   server: packet.destination, serverPort: packet.destinationPort)
        let isProbe = parsed.window == 1337 && parsed.mss == 1331
        flows.insert(P0fFlowTable.Flow(created: packet.timestamp, clientSequence: parsed.sequence, synMSS: parsed.mss,
                                       synDestinationMAC: packet.destinationMAC, isProbe: isProbe), for: key)
        guard !isProbe else { return }
        let label = record(parsed, synMSS: 0, packet: packet, mac: packet.sourceMAC)
        if let label, database.labels[label].isUserland { flows.remove(key) }
    }

    private func synAck(_ parsed: P0fPacket, packet: PacketInfo,
                        existing: (key: P0fFlowTable.Key, flow: P0fFlowTable.Flow, toServer: Bool)?) {
        guard let (key, found, toServer) = existing else { return }
        if found.isProbe {
            flows.remove(key)
            return
        }
        guard !toServer, !found.acknowledged else { return }
        var flow = found
        flow.acknowledged = true
        flows.update(flow, for: key)
        let label = record(parsed, synMSS: flow.synMSS, packet: packet, mac: flow.synDestinationMAC)
        if let label, database.labels[label].isUserland { flows.remove(key) }
    }

    /// Fingerprints the packet and keeps its row; returns the matched label.
    private func record(_ parsed: P0fPacket, synMSS: UInt16, packet: PacketInfo, mac: MACAddress) -> Int? {
        let multiple = P0fWindowMultiple(parsed, synMSS: synMSS)
        let known = fingerprints.fingerprint(parsed, multiple: multiple) {
            .init(label: P0fMatcher.match(parsed, multiple: multiple, in: database),
                  rawSignature: P0fRawSignature.render(parsed, multiple: multiple))
        }
        rows.append(Row(time: packet.timestamp, isSynAck: parsed.kind == .synAck, address: packet.source, mac: mac,
                        label: known.label, rawSignature: known.rawSignature))
        return known.label
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        for entry in rows {
            logs[0].row(at: entry.time) { row in
                row.time(entry.time)
                row.string(entry.isSynAck ? "syn+ack" : "syn")
                if context.isOsect { row.string(P0fAddressText.render(entry.address)) } else { row.addr(entry.address) }
                row.macAddress(entry.mac)
                row.string(entry.label.map { database.labels[$0].osText } ?? "???")
                row.string(entry.rawSignature)
            }
        }
    }
}
