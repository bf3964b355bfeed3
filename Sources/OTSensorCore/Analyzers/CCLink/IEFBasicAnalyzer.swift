/// cclink-ief-basic.log (LOGS.md §6.13): CC-Link IE Field Basic cyclic
/// requests and responses on UDP 61450 (and 61451, the protocol's other port),
/// aggregated per (connection, PDU, command) within the slice.
///
/// It follows the Spicy analyzer's life on a connection: every parsed datagram
/// confirms the protocol (conn.log service `spicy_cclink_ie_field_basic`); a
/// datagram that fails to parse is a protocol violation, and the analyzer stops
/// on that connection after one violation once confirmed (after more than five
/// before), unless the connection already carried more than 10 KiB.
public final class CCLinkIEFBasicAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(udpPorts: [61_450, 61_451])
    public static let logs = [CCLinkLogs.iefBasic]

    public private(set) var anomalies = AnomalyCounts()
    private var table: AggregationTable<IEFBasicKey>
    private var connections: [ConnectionReference: ProtocolLife] = [:]

    public init(environment: AnalyzerEnvironment) { table = AggregationTable(shard: environment.shard) }

    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        // One lookup that updates the connection's entry in place.
        analyze(payload, packet: packet, connection: &connection,
                life: &connections[connection.reference, default: ProtocolLife()])
    }

    private func analyze(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, connection: inout ConnectionView,
                         life: inout ProtocolLife) {
        life.payloadBytes += packet.payloadLength
        guard !life.disabled else {
            anomalies.record("cclink_ief_basic.analyzer_disabled")
            return
        }
        switch IEFBasicDatagram.parse(payload) {
        case .success(.otherSubheader):
            anomalies.record("cclink_ief_basic.unknown_subheader")
        case .success(.request(let command)):
            confirm(&life, &connection, key: IEFBasicKey(connection: connection, command: command))
        case .success(.response):
            confirm(&life, &connection, key: IEFBasicKey(connection: connection, command: nil))
        case .failure(let failure):
            anomalies.record(failure.rawValue)
            life.violate()
        }
    }

    private func confirm(_ life: inout ProtocolLife, _ connection: inout ConnectionView, key: IEFBasicKey) {
        life.confirmed = true
        connection.confirm(.spicyCCLinkIEFieldBasic)
        table.add(key, at: connection.time)
    }

    public func connectionEnded(_ connection: ConnectionView) {
        connections[connection.reference] = nil
    }

    public func absorb(_ other: CCLinkIEFBasicAnalyzer) {
        table.takeOver(&other.table)
    }

    public func emit(into logs: inout [LogRowBuffer], context: LogContext) {
        var cmd: [UInt8] = []
        for entry in table.entries {
            let key = entry.key
            logs[0].row(at: entry.first) { row in
                row.time(entry.first)
                row.string(context.uid(key.reference))
                row.addr(key.origAddress)
                row.port(key.origPort)
                row.addr(key.respAddress)
                row.port(key.respPort)
                if let command = key.command {
                    row.string("cyclicDataReq")
                    cmd.removeAll(keepingCapacity: true)
                    if command == IEFBasicDatagram.cyclicCommand {
                        cmd += "cyclic".utf8
                    } else {
                        cmd += "unknown_ct_".utf8
                        cmd += [UInt8(command >> 8), UInt8(command & 0xFF)]
                    }
                    row.string(cmd)
                } else {
                    row.string("cyclicDataRes")
                    row.unset()
                }
                row.int(entry.count)
                row.time(entry.last)
            }
        }
    }
}

/// The aggregation key: the connection (uid and id) and the PDU: a request's
/// two raw command bytes, or nil for a response.
struct IEFBasicKey: Hashable, Sendable {
    let reference: ConnectionReference
    let origAddress: IPAddress
    let origPort: UInt16
    let respAddress: IPAddress
    let respPort: UInt16
    let command: UInt16?

    init(connection: ConnectionView, command: UInt16?) {
        reference = connection.reference
        origAddress = connection.origAddress
        origPort = connection.origPort
        respAddress = connection.respAddress
        respPort = connection.respPort
        self.command = command
    }

    /// The endpoints follow from the connection: hashing the reference and
    /// the command is enough, and far cheaper than hashing two addresses.
    func hash(into hasher: inout Hasher) {
        reference.hash(into: &hasher)
        hasher.combine(command.map { UInt32($0) | 1 << 16 } ?? 0)
    }
}

/// Whether the analyzer still runs on a connection (Zeek's DPD rules for a
/// Spicy analyzer's protocol violations).
struct ProtocolLife {
    var confirmed = false
    var violations = 0
    var payloadBytes = 0
    var disabled = false

    /// Violations after this much payload are ignored (`DPD::ignore_violations_after`).
    static let ignoreViolationsAfter = 10 * 1024
    /// Before confirmation the analyzer survives this many violations.
    static let violationsBeforeConfirmation = 5

    mutating func violate() {
        guard payloadBytes <= Self.ignoreViolationsAfter else { return }
        violations += 1
        if confirmed || violations > Self.violationsBeforeConfirmation { disabled = true }
    }
}
