/// A connection open at a slice's end, written into the state file and read
/// back by the next slice of the stream: everything the flow engine keeps about
/// it, so that it continues as if the slices were one capture.
extension Connection {
    /// `carriedUID` holds the uid the connection was first written with (set
    /// by `ConnectionTable.carryOpen`).
    func carry(into writer: inout StateWriter) {
        key.carry(into: &writer)
        writer.put(transport.rawValue)
        writer.put(ipProtocol)
        writer.put(origAddress)
        writer.put(respAddress)
        writer.put(origPort)
        writer.put(respPort)
        writer.put(startTime)
        writer.put(lastTime)
        orig.carry(into: &writer)
        resp.carry(into: &writer)
        history.carry(into: &writer)
        writer.put(origL2Address)
        writer.put(respL2Address)
        writer.put(vlan)
        writer.put(innerVLAN)
        writer.put(UInt32(tunnels.count))
        for tunnel in tunnels {
            tunnel.outer.carry(into: &writer)
            writer.put(tunnel.kind.rawValue)
        }
        writer.put(missedBytes)
        let names = services.names
        writer.put(UInt32(names.count))
        for name in names { writer.put(name) }
        writer.put(slots)
        writer.put(confirmedSlots)
        writer.put(retiredSlots)
        writer.put(detecting)
        guard let uid = carriedUID else { preconditionFailure("a connection is carried with the uid it was given") }
        writer.put(uid.first)
        writer.put(uid.second)
        writer.put(isActive)
        writer.put(isPartial)
        writer.put(firstPacketSeen)
        timers.carry(into: &writer)
        writer.put(poll != nil)
        if let poll { poll.carry(into: &writer) }
    }

    /// Reads a carried connection; it takes `serial` in its new shard.
    init(carriedFrom reader: inout StateReader, serial: UInt64) throws {
        key = try FlowKey(carriedFrom: &reader)
        transport = try reader.enumeration(Transport.self)
        ipProtocol = try reader.uint8()
        origAddress = try reader.ipAddress()
        respAddress = try reader.ipAddress()
        origPort = try reader.uint16()
        respPort = try reader.uint16()
        startTime = try reader.timestamp()
        lastTime = try reader.timestamp()
        orig = try Endpoint(carriedFrom: &reader)
        resp = try Endpoint(carriedFrom: &reader)
        history = try ConnectionHistory(carriedFrom: &reader)
        origL2Address = try reader.macAddress()
        respL2Address = try reader.macAddress()
        vlan = try reader.uint16()
        innerVLAN = try reader.uint16()
        tunnels = try (0..<reader.count()).map { _ in
            TunnelOrigin(outer: try FlowKey(carriedFrom: &reader), kind: try reader.enumeration(TunnelKind.self))
        }
        missedBytes = try reader.uint64()
        for _ in 0..<(try reader.count()) { services.insert(Service(try reader.string())) }
        slots = try reader.uint64()
        confirmedSlots = try reader.uint64()
        retiredSlots = try reader.uint64()
        detecting = try reader.bool()
        carriedUID = ConnectionUID.Words(first: try reader.uint64(), second: try reader.uint64())
        self.serial = serial
        isActive = try reader.bool()
        isPartial = try reader.bool()
        firstPacketSeen = try reader.uint8()
        timers = try ConnectionTimers(carriedFrom: &reader)
        poll = try reader.bool() ? try ConnectionPoll(carriedFrom: &reader) : nil
    }
}

extension FlowKey {
    func carry(into writer: inout StateWriter) {
        writer.put(lowAddress)
        writer.put(highAddress)
        writer.put(lowPort)
        writer.put(highPort)
        writer.put(ipProtocol)
        writer.put(isDirectional)
    }

    init(carriedFrom reader: inout StateReader) throws {
        let low = try reader.ipAddress(), high = try reader.ipAddress()
        let lowPort = try reader.uint16(), highPort = try reader.uint16(), ipProtocol = try reader.uint8()
        if try reader.bool() {
            self.init(directionalSource: low, sourcePort: lowPort, destination: high, destinationPort: highPort,
                      ipProtocol: ipProtocol)
        } else {
            self.init(source: low, sourcePort: lowPort, destination: high, destinationPort: highPort,
                      ipProtocol: ipProtocol)
        }
    }
}

extension Endpoint {
    func carry(into writer: inout StateWriter) {
        writer.put(state.rawValue)
        writer.put(previousState.rawValue)
        for value in [startSequence, lastSequence, ackSequence, sequenceWraps, ackWraps, finCount, rstCount] {
            writer.put(value)
        }
        for value in [finSequence, lastSYNHistorySequence, lastFINHistorySequence, lastRSTHistorySequence] {
            writer.put(value)
        }
        writer.put(didClose)
        for counter in [retransmissions, zeroWindows, gaps, checksumErrors] {
            writer.put(counter.count)
            writer.put(counter.threshold)
        }
        writer.put(packets)
        writer.put(ipBytes)
        writer.put(datagramBytes)
        stream.carry(into: &writer)
    }

    init(carriedFrom reader: inout StateReader) throws {
        self.init()
        state = try reader.enumeration(TCPEndpointState.self)
        previousState = try reader.enumeration(TCPEndpointState.self)
        startSequence = try reader.uint32()
        lastSequence = try reader.uint32()
        ackSequence = try reader.uint32()
        sequenceWraps = try reader.uint32()
        ackWraps = try reader.uint32()
        finCount = try reader.uint32()
        rstCount = try reader.uint32()
        finSequence = try reader.uint64()
        lastSYNHistorySequence = try reader.uint64()
        lastFINHistorySequence = try reader.uint64()
        lastRSTHistorySequence = try reader.uint64()
        didClose = try reader.bool()
        retransmissions = ScaledCounter(count: try reader.uint32(), threshold: try reader.uint32())
        zeroWindows = ScaledCounter(count: try reader.uint32(), threshold: try reader.uint32())
        gaps = ScaledCounter(count: try reader.uint32(), threshold: try reader.uint32())
        checksumErrors = ScaledCounter(count: try reader.uint32(), threshold: try reader.uint32())
        packets = try reader.uint64()
        ipBytes = try reader.uint64()
        datagramBytes = try reader.int64()
        stream = try StreamReassembler(carriedFrom: &reader)
    }
}

extension ConnectionTimers {
    func carry(into writer: inout StateWriter) {
        writer.put(attempt)
        writer.put(expire)
        writer.put(closeDelete)
        writer.put(inactivityNanoseconds)
        writer.put(sessionExpiry != nil)
        if let sessionExpiry {
            writer.put(sessionExpiry.interval)
            writer.put(sessionExpiry.idle)
        }
    }

    init(carriedFrom reader: inout StateReader) throws {
        attempt = try reader.optionalTimestamp()
        expire = try reader.optionalTimestamp()
        closeDelete = try reader.optionalTimestamp()
        inactivityNanoseconds = try reader.int64()
        sessionExpiry = try reader.bool() ? SessionExpiry(interval: try reader.int64(), idle: try reader.int64()) : nil
    }
}

extension ConnectionPoll {
    func carry(into writer: inout StateWriter) {
        writer.put(next)
        writer.put(reported != nil)
        if let reported {
            for value in [reported.origBytes, reported.respBytes, reported.origPackets, reported.origIPBytes,
                          reported.respPackets, reported.respIPBytes] {
                writer.put(value)
            }
        }
    }

    init(carriedFrom reader: inout StateReader) throws {
        next = try reader.timestamp()
        reported = try reader.bool()
            ? Counters(origBytes: try reader.uint64(), respBytes: try reader.uint64(), origPackets: try reader.uint64(),
                       origIPBytes: try reader.uint64(), respPackets: try reader.uint64(),
                       respIPBytes: try reader.uint64())
            : nil
    }
}
