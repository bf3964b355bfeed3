/// Zeek's per-endpoint TCP state machine (UpdateStateMachine and the
/// Update*State functions). As in `processSegment`, `orig` holds the sender's
/// endpoint and `resp` its peer while these run.
extension Connection {
    struct StateMachineOutcome {
        var close = false
        var reversal = false
    }

    mutating func updateStateMachine(_ now: Timestamp, _ flags: TCPFlags, base: UInt32, ack: UInt32, length: Int,
                                     deltaLast: Int32, isOrig: Bool) -> StateMachineOutcome {
        var outcome = StateMachineOutcome()
        switch orig.state {
        case .inactive:
            updateInactive(now, flags, base: base, length: length, isOrig: isOrig, outcome: &outcome)
        case .synSent, .synAckSent:
            if flags.contains(.fin) {
                orig.setState(.closed)
                outcome.close = true
            }
            if flags.contains(.rst) {
                orig.setState(.reset)
                isActive = false
                outcome.close = true
            }
        case .established, .partial:
            if flags.contains(.syn) && orig.state == .partial && resp.state == .inactive && !flags.contains(.ack) {
                orig.setState(.synSent)
            }
            if flags.contains(.fin) && !flags.contains(.rst) {
                orig.setState(.closed)
                if resp.state == .reset && resp.previousState == .closed { resp.setState(.closed) }
                outcome.close = true
            }
            if flags.contains(.rst) {
                orig.setState(.reset)
                outcome.close = true
                if resp.state != .reset || resp.previousState != .established { isActive = false }
            }
        case .closed:
            if flags.contains(.rst) && resp.state != .closed {
                orig.setState(.reset)
                if !orig.didClose { outcome.close = true }
            }
        case .reset:
            break
        }
        return outcome
    }

    private mutating func updateInactive(_ now: Timestamp, _ flags: TCPFlags, base: UInt32, length: Int,
                                         isOrig: Bool, outcome: inout StateMachineOutcome) {
        if flags.contains(.syn) {
            if isOrig {
                orig.setState(flags.contains(.ack) ? .synAckSent : .synSent)
                timers.attempt = now.adding(seconds: Connection.attemptDelay)
            } else {
                if !flags.contains(.ack) && resp.state == .synAckSent && base == orig.startSequence {
                    isPartial = false
                    outcome.reversal = true
                    resp.setState(.established)
                }
                if resp.state == .synSent { resp.setState(.established) }
                orig.setState(.established)
            }
        }
        if flags.contains(.fin) {
            orig.setState(.closed)
            outcome.close = true
        }
        if flags.contains(.rst) {
            orig.setState(.reset)
            outcome.close = true
        }
        if orig.state == .inactive {
            // The real originator is the peer when the responder sent this.
            if !isOrig && length == 0 && resp.state == .synSent {
                return
            } else if flags.contains(.ack) && resp.state == .established {
                orig.setState(.established)
                isPartial = false
                firstPacketSeen |= isOrig ? 1 : 2
            } else {
                orig.setState(.partial)
            }
        }
    }
}
