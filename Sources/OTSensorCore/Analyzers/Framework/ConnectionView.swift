/// What an analyzer sees of the connection a packet or stream chunk belongs to:
/// its conn.log identity (the uid is derived from `reference` when rows are
/// written) and the time of the packet being processed.
public struct ConnectionView: Sendable {
    public let reference: ConnectionReference
    public let origAddress: IPAddress
    public let origPort: UInt16
    public let respAddress: IPAddress
    public let respPort: UInt16
    /// The transport protocol number (6, 17, ...).
    public let ipProtocol: UInt8
    /// The time of the packet being processed (Zeek's `network_time()`).
    public let time: Timestamp
    /// The originator's and responder's link-layer addresses (zero when absent).
    public let origL2Address: MACAddress
    public let respL2Address: MACAddress
    /// Whether the TCP connection was first seen past its handshake (Zeek's
    /// `TCP()->IsPartial()`); some analyzers (HTTP's) and recognisers then read nothing.
    public internal(set) var isPartial = false
    /// What analyzers confirmed on the connection while handling this packet
    /// (Zeek's `AnalyzerConfirmation`): added to conn.log's `service`, in order.
    public private(set) var confirmedServices = ServiceList()
    /// What analyzers found not to be their protocol after all (Zeek's
    /// `AnalyzerViolation`): the analyzer is detached and its service removed
    /// after this packet, unless the connection is past
    /// `DPD::ignore_violations_after`.
    public private(set) var withdrawnServices = ServiceList()
    /// Whether an analyzer found the roles reversed (Zeek's `FlipRoles` called
    /// by an analyzer): they are swapped once the analyzer returns.
    public private(set) var flipsRoles = false

    /// The framework's account of the slots (see `AnalyzerDispatch`): which
    /// are attached, which one is being called, which confirmed or violated
    /// in this packet, which left, and whether content detection still runs.
    var slots: UInt64 = 0
    var callingSlot: UInt64 = 0
    private(set) var confirmingSlots: UInt64 = 0
    private(set) var violatingSlots: UInt64 = 0
    var retiredSlots: UInt64 = 0
    var detecting = false

    /// Records that the analyzer recognised `service` on this connection.
    public mutating func confirm(_ service: Service) {
        confirmedServices.insert(service)
        confirmingSlots |= callingSlot
    }

    /// Records that `service` turned out not to be spoken on this connection:
    /// a protocol violation of the calling analyzer.
    public mutating func withdraw(_ service: Service) {
        withdrawnServices.insert(service)
        violatingSlots |= callingSlot
    }

    /// Asks for the connection's originator and responder to be swapped.
    public mutating func flipRoles() { flipsRoles.toggle() }

    init(_ connection: Connection, shard: Int, time: Timestamp) {
        reference = ConnectionReference(key: connection.key, start: connection.startTime, shard: shard,
                                        serial: connection.serial, carriedUID: connection.carriedUID)
        origAddress = connection.origAddress
        origPort = connection.origPort
        respAddress = connection.respAddress
        respPort = connection.respPort
        ipProtocol = connection.ipProtocol
        origL2Address = connection.origL2Address
        respL2Address = connection.respL2Address
        isPartial = connection.isPartial
        self.time = time
        slots = connection.slots
        retiredSlots = connection.retiredSlots
        detecting = connection.detecting
    }

    /// A view for tests and tools that build connections by hand.
    public init(reference: ConnectionReference, origAddress: IPAddress, origPort: UInt16, respAddress: IPAddress,
                respPort: UInt16, ipProtocol: UInt8, time: Timestamp,
                origL2Address: MACAddress = .zero, respL2Address: MACAddress = .zero) {
        self.reference = reference
        self.origAddress = origAddress
        self.origPort = origPort
        self.respAddress = respAddress
        self.respPort = respPort
        self.ipProtocol = ipProtocol
        self.time = time
        self.origL2Address = origL2Address
        self.respL2Address = respL2Address
    }
}

/// Names a connection for rows written after the slice ends, when its uid can
/// be computed (the uid depends on the input's digest). Two references are
/// equal exactly when they name the same connection.
public struct ConnectionReference: Hashable, Sendable {
    public let key: FlowKey
    public let start: Timestamp
    public let shard: Int
    public let serial: UInt64
    /// The uid of a connection carried in from an earlier slice (`--state`),
    /// which keeps the uid it was first written with.
    public let carriedUID: ConnectionUID.Words?

    public init(key: FlowKey, start: Timestamp, shard: Int, serial: UInt64, carriedUID: ConnectionUID.Words? = nil) {
        self.key = key
        self.start = start
        self.shard = shard
        self.serial = serial
        self.carriedUID = carriedUID
    }

    /// Compares the serial first: references that differ almost always differ there.
    public static func == (a: ConnectionReference, b: ConnectionReference) -> Bool {
        a.serial == b.serial && a.shard == b.shard && a.start == b.start && a.key == b.key
    }

    /// Hashes only what already tells connections apart, (shard, serial): the
    /// analyzers look their sessions up by reference for every PDU, and hashing
    /// the whole flow key cost more than the lookup itself.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(truncatingIfNeeded: shard) << 48 ^ serial)
    }

    /// The same uid conn.log prints for this connection.
    public func uid(sliceSeed: UInt64) -> [UInt8] { ConnectionUID.render(uidWords(sliceSeed: sliceSeed)) }

    public func uidWords(sliceSeed: UInt64) -> ConnectionUID.Words {
        carriedUID ?? ConnectionUID.words(sliceSeed: sliceSeed, key: key, start: start,
                                          unique: UInt64(shard) << 48 | serial)
    }
}
