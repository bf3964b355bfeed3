/// cclink-ief-basic.log (LOGS.md §6.13): CC-Link IE Field Basic cyclic
/// requests and responses on UDP 61450 (and 61451, the protocol's other port),
/// aggregated per (connection, PDU, command) within the slice.
///
/// It follows the Spicy analyzer's life on a connection: every parsed datagram
/// confirms the protocol (conn.log service `spicy_cclink_ie_field_basic`); a
/// datagram that fails to parse is a protocol violation, which the framework
/// answers as Zeek does for a Spicy analyzer (see `violationsBeforeConfirmation`).
public final class CCLinkIEFBasicAnalyzer: PacketAnalyzer {
    public static let interest = AnalyzerInterest(udpPorts: [61_450, 61_451])
    public static let logs = [CCLinkLogs.iefBasic]
    public static let analyzerName = "spicy_cclink_ie_field_basic"
    public static let violationsBeforeConfirmation = 5

    public private(set) var anomalies = AnomalyCounts()
    /// The key names its connection, so all of a key's datagrams are in this shard.
    private var table: ShardedAggregation<IEFBasicKey>

    public init(environment: AnalyzerEnvironment) { table = ShardedAggregation(.oneShard, environment: environment) }

    public func datagram(_ payload: UnsafeRawBufferPointer, packet: PacketInfo, isOrig: Bool,
                         connection: inout ConnectionView) {
        switch IEFBasicDatagram.parse(payload) {
        case .success(.otherSubheader):
            anomalies.record("cclink_ief_basic.unknown_subheader")
        case .success(.request(let command)):
            confirm(&connection, key: IEFBasicKey(connection: connection, command: command))
        case .success(.response):
            confirm(&connection, key: IEFBasicKey(connection: connection, command: nil))
        case .failure(let failure):
            anomalies.record(failure.rawValue)
            connection.withdraw(.spicyCCLinkIEFieldBasic)
        }
    }

    private func confirm(_ connection: inout ConnectionView, key: IEFBasicKey) {
        connection.confirm(.spicyCCLinkIEFieldBasic)
        table.add(key, at: connection.time)
    }

    public func absorb(_ others: [CCLinkIEFBasicAnalyzer], sliceEnded: Bool) {
        table.absorb(others.map { $0.table.handOver(sliceEnded: sliceEnded) })
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

extension Service {
    /// The Spicy CC-Link IE Field Basic analyzer's name in conn.log.
    static let spicyCCLinkIEFieldBasic = Service("spicy_cclink_ie_field_basic")
}
