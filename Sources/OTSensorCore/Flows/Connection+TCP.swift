/// TCP processing, a port of Zeek's TCPSessionAdapter::Process and its state
/// machine, so that history, conn_state and the byte counts agree with Zeek.
///
/// To keep one code path for both directions the sender's endpoint is moved
/// into the `orig` slot for the duration of a packet (and moved back after):
/// inside `processSegment`, `orig` is "the endpoint" and `resp` "the peer",
/// while `isOrig` says who really sent the packet.
extension Connection {
    static let tooLargeSequenceDelta: Int32 = 1_048_576
    static let attemptDelay: Int64 = 5
    static let closeDelay: Int64 = 5
    static let sessionTimer: Int64 = 6
    static let connectionLinger: Int64 = 5
    static let tcpInactivity: Int64 = 300
    /// The existing sensor idles out FTP, SSH, telnet and rlogin after a minute.
    static let shortInactivityPorts: Set<UInt16> = [21, 22, 23, 513]
    static let shortTCPInactivity: Int64 = 60

    mutating func processTCP<Sink: StreamSink>(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer,
                                               isOrig: Bool, sink: inout Sink) {
        guard packet.transportChecksumValid else {
            let add = isOrig ? orig.checksumErrors.record() : resp.checksumErrors.record()
            if add { history.add("C", isOrig: isOrig) }
            return
        }
        if Sink.wantsPayload && !orig.stream.keepsData {
            orig.stream.keepsData = true
            resp.stream.keepsData = true
        }
        if !isOrig { swap(&orig, &resp) }
        let reversal = processSegment(packet, bytes: bytes, isOrig: isOrig, sink: &sink)
        if !isOrig { swap(&orig, &resp) }
        firstPacketSeen |= isOrig ? 1 : 2
        if reversal {
            flipRoles()
            firstPacketSeen |= 1
        }
        if timers.inactivityNanoseconds == 0 && (!orig.state.isHandshake || !resp.state.isHandshake) {
            let seconds = Connection.shortInactivityPorts.contains(respPort) ? Connection.shortTCPInactivity
                                                                            : Connection.tcpInactivity
            timers.inactivityNanoseconds = seconds * 1_000_000_000
        }
        // Zeek counts the packet for the side it was attributed to before a flip.
        if isOrig {
            orig.packets += 1
            orig.ipBytes += UInt64(packet.ipLengthForCounting)
        } else {
            resp.packets += 1
            resp.ipBytes += UInt64(packet.ipLengthForCounting)
        }
    }

    /// Returns true when the packet revealed a SYN/SYN+ACK reversal.
    private mutating func processSegment<Sink: StreamSink>(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer,
                                                          isOrig: Bool, sink: inout Sink) -> Bool {
        let flags = packet.tcpFlags
        let baseSequence = packet.sequenceNumber
        let ackSequence = packet.acknowledgementNumber
        let length = packet.payloadLength
        let now = packet.timestamp
        updatePartialStatus(flags, isOrig: isOrig)

        var segmentLength = length
        if flags.contains(.syn) { segmentLength += 1 }
        if flags.contains(.fin) { segmentLength += 1 }
        if flags.contains(.rst) { segmentLength -= length }
        let onePast = baseSequence &+ UInt32(truncatingIfNeeded: segmentLength)
        initializeEndpoint(flags, first: baseSequence, last: onePast)

        var underflow = false
        let relativeSequence = Connection.relative(orig, baseSequence, last: orig.lastSequence,
                                                   wraps: orig.sequenceWraps, underflow: &underflow)
        updateHistory(flags, relativeSequence: relativeSequence, length: length, isOrig: isOrig)
        if packet.window == 0 && !flags.contains(.rst) && resp.state != .closed && orig.state != .reset {
            if orig.zeroWindows.record() { history.add("W", isOrig: isOrig) }
        }
        if !orig.didClose || !resp.didClose { lastTime = now }
        if flags.contains(.fin) {
            orig.finCount &+= 1
            orig.finSequence = relativeSequence &+ UInt64(segmentLength)
        }
        if flags.contains(.rst) { orig.rstCount &+= 1 }

        var relativeAck: UInt64 = 0
        if flags.contains(.ack) {
            if resp.state == .inactive {
                relativeAck = 1
                resp.initialize(start: ackSequence &- 1, ack: ackSequence &- 1, last: ackSequence &- 1)
            } else {
                var ackUnderflow = false
                relativeAck = Connection.relative(resp, ackSequence, last: resp.ackSequence,
                                                  wraps: resp.ackWraps, underflow: &ackUnderflow)
                if ackUnderflow {
                    relativeAck = 0
                } else if !flags.contains(.rst) {
                    let delta = Int32(bitPattern: ackSequence &- resp.ackSequence)
                    if !(ackSequence == 0 && delta > Connection.tooLargeSequenceDelta) && delta > 0 {
                        resp.updateAckSequence(ackSequence)
                    }
                }
            }
        }

        let deltaLast = updateLastSequence(onePast, flags, length: length, isOrig: isOrig)
        let outcome = updateStateMachine(now, flags, base: baseSequence, ack: ackSequence, length: length,
                                         deltaLast: deltaLast, isOrig: isOrig)

        if flags.contains(.ack) {
            var upTo = relativeAck
            if resp.finCount > 0 && upTo >= resp.finSequence { upTo = resp.finSequence &- 1 }
            if resp.stream.reportsGap(acknowledging: upTo, isPartial: isPartial) {
                var gaps = GapTally(sink: sink)
                resp.stream.acknowledged(upTo: upTo, isPartial: isPartial, isOrig: !isOrig, sink: &gaps)
                sink = gaps.sink
                if gaps.events > 0 && resp.isClean && orig.isClean {
                    for _ in 0..<gaps.events where resp.gaps.record() {
                        history.add("G", isOrig: !isOrig)
                    }
                    missedBytes &+= gaps.bytes
                }
            } else {
                // Nothing reaches the sink: skip copying it into a tally.
                resp.stream.acknowledged(upTo: upTo, isPartial: isPartial, isOrig: !isOrig, sink: &sink)
            }
        }

        let dataSequence = flags.contains(.syn) ? relativeSequence &+ 1 : relativeSequence
        if length > 0 && !flags.contains(.rst) && !underflow && packet.capturedPayloadLength >= length {
            let payload = UnsafeRawBufferPointer(rebasing: bytes[packet.payloadOffset..<(packet.payloadOffset + length)])
            orig.stream.dataSent(sequence: dataSequence, payload: payload,
                                 acknowledged: orig.acknowledgedRelative, isOrig: isOrig, sink: &sink)
        }
        if outcome.close { connectionClosed(now) }
        return outcome.reversal
    }

    /// Zeek's `get_relative_seq`: a sequence number relative to the endpoint's
    /// start, following 32-bit wrap-around.
    private static func relative(_ endpoint: Endpoint, _ current: UInt32, last: UInt32, wraps: UInt32,
                                 underflow: inout Bool) -> UInt64 {
        var wraps = wraps
        let delta = Int32(bitPattern: current &- last)
        if delta < 0 {
            if wraps > 0 && current > last { wraps -= 1 }
        } else if delta > 0 {
            if current < last { wraps += 1 }
        }
        if wraps == 0 {
            let fromStart = Int32(bitPattern: current &- endpoint.startSequence)
            if fromStart < 0 { underflow = true }
            return UInt64(bitPattern: Int64(fromStart))
        }
        return endpoint.relativeSequence(current, wraps: wraps)
    }

    private mutating func updatePartialStatus(_ flags: TCPFlags, isOrig: Bool) {
        isPartial = isPartial(after: flags, isOrig: isOrig)
    }

    /// Whether the connection is partial (first seen past its handshake)
    /// once a segment with `flags` from one side is seen: what the analyzers
    /// must see while that segment's payload is delivered, the first one's too.
    func isPartial(after flags: TCPFlags, isOrig: Bool) -> Bool {
        if isOrig {
            return firstPacketSeen & 1 == 0 ? !flags.contains(.syn) || flags.contains(.ack) : isPartial
        }
        return firstPacketSeen & 2 == 0 && !isPartial ? !flags.contains(.syn) : isPartial
    }

    /// Zeek's `init_endpoint` on the sender.
    private mutating func initializeEndpoint(_ flags: TCPFlags, first: UInt32, last: UInt32) {
        let syn = flags.contains(.syn)
        switch orig.state {
        case .inactive:
            if syn {
                orig.initialize(start: first, ack: first, last: last)
            } else {
                orig.initialize(start: first &- 1, ack: first &- 1, last: first)
            }
        case .synSent, .synAckSent:
            if syn && first != orig.startSequence { orig.initialize(start: first, ack: first, last: last) }
        case .established, .partial:
            if syn { orig.initialize(start: first, ack: first, last: last) }
        case .reset:
            if syn && orig.previousState == .inactive { orig.initialize(start: first, ack: first, last: last) }
        case .closed:
            break
        }
    }

    private mutating func updateHistory(_ flags: TCPFlags, relativeSequence: UInt64, length: Int, isOrig: Bool) {
        let syn = flags.contains(.syn), fin = flags.contains(.fin), rst = flags.contains(.rst)
        let bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0)
        if bits > 1 {
            if fin && rst {
                history.check(ConnectionHistory.finRST, "I", isOrig: isOrig)
            } else {
                history.check(ConnectionHistory.multiFlag, "Q", isOrig: isOrig)
            }
        } else if bits == 1 {
            if syn {
                let letter: Character = flags.contains(.ack) ? "H" : "S"
                if history.check(ConnectionHistory.syn, letter, isOrig: isOrig)
                    && relativeSequence != orig.lastSYNHistorySequence {
                    history.add(letter, isOrig: isOrig)
                }
                orig.lastSYNHistorySequence = relativeSequence
            }
            if fin {
                let finSequence = relativeSequence &+ UInt64(length)
                if history.check(ConnectionHistory.fin, "F", isOrig: isOrig)
                    && finSequence != orig.lastFINHistorySequence {
                    history.add("F", isOrig: isOrig)
                }
                orig.lastFINHistorySequence = finSequence
            }
            if rst {
                if history.check(ConnectionHistory.rst, "R", isOrig: isOrig)
                    && relativeSequence != orig.lastRSTHistorySequence {
                    history.add("R", isOrig: isOrig)
                }
                orig.lastRSTHistorySequence = relativeSequence
            }
        } else if length > 0 {
            history.check(ConnectionHistory.data, "D", isOrig: isOrig)
        } else if flags.contains(.ack) {
            history.check(ConnectionHistory.ack, "A", isOrig: isOrig)
        }
    }

    /// Zeek's `update_last_seq`; returns how far the segment moved the sender's
    /// highest sequence number (negative for old data).
    private mutating func updateLastSequence(_ onePast: UInt32, _ flags: TCPFlags, length: Int, isOrig: Bool) -> Int32 {
        let delta = Int32(bitPattern: onePast &- orig.lastSequence)
        if (flags.contains(.syn) || flags.contains(.rst))
            && (delta > Connection.tooLargeSequenceDelta || delta < -Connection.tooLargeSequenceDelta) {
            return delta
        }
        if flags.contains(.fin) && orig.lastSequence == orig.startSequence &+ 1 {
            orig.updateLastSequence(onePast)
        } else if orig.state == .reset {
            return delta
        } else if delta > 0 {
            orig.updateLastSequence(onePast)
        } else if length > 0 {
            if orig.retransmissions.record() { history.add("T", isOrig: isOrig) }
        }
        return delta
    }

    /// Zeek's `ConnectionClosed` for the sender.
    private mutating func connectionClosed(_ now: Timestamp) {
        guard !orig.didClose else { return }
        orig.didClose = true
        let complete = orig.state == .reset || resp.didClose || resp.state == .inactive
        if complete {
            timers.attempt = nil
            timers.expire = nil
            timers.closeDelete = lastTime.adding(seconds: Connection.closeDelay)
        } else if orig.previousState != .inactive {
            let check = lastTime.adding(seconds: Connection.sessionTimer)
            timers.expire = min(timers.expire ?? check, check)
        }
    }

    /// Whether a SYN (or SYN+ACK on a half-open connection) starts a new
    /// connection on this 5-tuple (Zeek's `IsReuse`).
    @inline(__always)
    func isReuse(_ packet: PacketInfo) -> Bool {
        let flags = packet.tcpFlags
        guard packet.tcpHeaderLength >= 20, flags.contains(.syn) else { return false }
        if flags.contains(.ack) && orig.state != .inactive { return false }
        let halfOpen = flags.contains(.ack)
        let connOrigStart = halfOpen ? resp.startSequence : orig.startSequence
        let connOrigState = halfOpen ? resp.state : orig.state
        if !orig.didClose && !resp.didClose {
            let base = packet.sequenceNumber
            if base == connOrigStart { return false }
            if !flags.contains(.ack) && connOrigState == .synAckSent && resp.state == .inactive
                && base == resp.startSequence {
                return false
            }
        }
        return true
    }
}

extension TCPEndpointState {
    var isHandshake: Bool { self == .inactive || self == .synSent || self == .synAckSent }
    /// Inactive or partial: "nothing established" for conn_state.
    var isInactiveOrPartial: Bool { self == .inactive || self == .partial }
}

/// Counts the gaps reassembly reports while passing delivered bytes through.
struct GapTally<Inner: StreamSink>: StreamSink {
    static var wantsPayload: Bool { Inner.wantsPayload }
    var sink: Inner
    var events = 0
    var bytes: UInt64 = 0

    mutating func deliver(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, isOrig: Bool) {
        sink.deliver(bytes, sequence: sequence, isOrig: isOrig)
    }

    mutating func gap(sequence: UInt64, length: UInt64, isOrig: Bool) {
        events += 1
        bytes &+= length
        sink.gap(sequence: sequence, length: length, isOrig: isOrig)
    }
}
