/// When Zeek would remove a connection from its table. Zeek runs timers as
/// network time advances; here a connection's timers run lazily, up to the time
/// of its next packet or of a shard sweep, which removes it at the same point
/// in the packet sequence as Zeek does.
extension Connection {
    mutating func armInitialTimers() {
        switch transport {
        case .tcp:
            timers.expire = startTime.adding(seconds: 5)
        case .udp:
            timers.inactivityNanoseconds = Connection.udpInactivity * 1_000_000_000
        case .icmp:
            timers.inactivityNanoseconds = Connection.icmpInactivity * 1_000_000_000
        case .unknown:
            timers.inactivityNanoseconds = Connection.unknownInactivity * 1_000_000_000
        }
    }

    /// Runs every timer due at or before `now`; the time of the one that
    /// removed the connection, or nil when it stays.
    mutating func expiry(by now: Timestamp) -> Timestamp? {
        while true {
            let inactivityAt = timers.inactivityNanoseconds > 0
                ? Timestamp(nanoseconds: lastTime.nanoseconds &+ timers.inactivityNanoseconds) : nil
            let due = earliest(earliest(timers.closeDelete, timers.attempt), earliest(timers.expire, inactivityAt))
            guard let next = due, next <= now else { return nil }
            if next == timers.closeDelete || next == inactivityAt { return next }
            if next == timers.attempt {
                timers.attempt = nil
                if isActive && (orig.state == .synSent || orig.state == .synAckSent) && resp.state == .inactive {
                    return next
                }
                continue
            }
            if let expiry = timers.sessionExpiry {
                if sessionCheck(at: next, expiry) { return next }
            } else if expireCheck(at: next) {
                return next
            }
        }
    }

    /// Arms an analyzer's session check on a UDP connection (see `SessionExpiry`).
    mutating func armSessionExpiry(_ expiry: SessionExpiry) {
        timers.sessionExpiry = expiry
        timers.expire = startTime.adding(seconds: expiry.interval)
    }

    /// An analyzer's session check (Zeek's DNS `ExpireTimer`): removes the
    /// connection once it has been idle long enough, else runs again later.
    private mutating func sessionCheck(at time: Timestamp, _ expiry: SessionExpiry) -> Bool {
        if time.interval(since: lastTime).nanoseconds >= expiry.idle * 1_000_000_000 { return true }
        timers.expire = time.adding(seconds: expiry.interval)
        return false
    }

    /// Zeek's `ExpireTimer`: removes a connection that has been quiet for
    /// tcp_connection_linger after a close, or on which nothing ever happened.
    private mutating func expireCheck(at time: Timestamp) -> Bool {
        guard isActive else {
            timers.expire = nil
            return false
        }
        if lastTime.adding(seconds: Connection.connectionLinger) < time {
            if orig.didClose || resp.didClose {
                if (orig.didClose && resp.didClose) || orig.state == .reset || resp.state == .reset
                    || orig.state == .inactive || resp.state == .inactive {
                    return true
                }
            }
            if resp.state == .inactive && orig.state == .inactive { return true }
        }
        timers.expire = time.adding(seconds: Connection.sessionTimer)
        return false
    }
}

@inline(__always)
private func earliest(_ a: Timestamp?, _ b: Timestamp?) -> Timestamp? {
    guard let a else { return b }
    guard let b else { return a }
    return min(a, b)
}
