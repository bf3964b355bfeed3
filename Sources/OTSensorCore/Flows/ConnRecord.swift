/// A finished connection: everything conn.log prints about it, captured when
/// the connection leaves the table.
public struct ConnRecord: Sendable {
    public var startTime: Timestamp
    public var key: FlowKey
    public var origAddress: IPAddress
    public var origPort: UInt16
    public var respAddress: IPAddress
    public var respPort: UInt16
    public var transport: Transport
    public var ipProtocol: UInt8
    public var duration: Duration
    public var origBytes: UInt64
    public var respBytes: UInt64
    public var connState: ConnState
    public var missedBytes: UInt64
    public var services: ServiceList
    public var history: [UInt8]
    public var origPackets: UInt64
    public var origIPBytes: UInt64
    public var respPackets: UInt64
    public var respIPBytes: UInt64
    public var tunnels: [TunnelOrigin]
    public var origL2Address: MACAddress
    public var respL2Address: MACAddress
    public var vlan: UInt16
    public var innerVLAN: UInt16
    /// The shard and creation order: a total, thread-independent tie-break.
    public var shard: Int
    public var serial: UInt64
    /// The uid of a connection carried in from an earlier slice.
    public var carriedUID: ConnectionUID.Words?
    /// `ts` of a conn_long row of the osect layout (a poll's time, or the time
    /// a polled connection left); nil: the connection's first packet.
    public var rowTime: Timestamp?

    /// The row's `ts`.
    public var time: Timestamp { rowTime ?? startTime }

    init(_ c: Connection, shard: Int) {
        startTime = c.startTime
        key = c.key
        origAddress = c.origAddress
        origPort = c.origPort
        respAddress = c.respAddress
        respPort = c.respPort
        transport = c.transport
        ipProtocol = c.ipProtocol
        duration = c.duration
        origBytes = c.transport == .unknown ? 0 : c.origBytes
        respBytes = c.transport == .unknown ? 0 : c.respBytes
        connState = c.connState
        missedBytes = c.missedBytes
        services = c.services
        history = c.history.letters
        origPackets = c.orig.packets
        origIPBytes = c.orig.ipBytes
        respPackets = c.resp.packets
        respIPBytes = c.resp.ipBytes
        tunnels = c.tunnels
        origL2Address = c.origL2Address
        respL2Address = c.respL2Address
        vlan = c.vlan
        innerVLAN = c.innerVLAN
        self.shard = shard
        serial = c.serial
        carriedUID = c.carriedUID
    }

    /// Output order: `ts`, then shard and creation order (a connection's
    /// polled rows, with equal shard and serial, keep the order they were made in).
    public static func precedes(_ a: ConnRecord, _ b: ConnRecord) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.shard != b.shard { return a.shard < b.shard }
        return a.serial < b.serial
    }
}
