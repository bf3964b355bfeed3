/// p0f's `detect_win_multi`: whether a window is a multiple of the MSS or MTU
/// (a SYN+ACK may also use its peer's MSS, `synMSS`).
struct P0fWindowMultiple: Equatable {
    var multiplier: Int
    var isMTU: Bool

    init?(_ packet: P0fPacket, synMSS: UInt16) {
        let window = Int(packet.window), mss = Int(packet.mss), syn = Int(synMSS), v6 = packet.ipVersion == 6
        guard window != 0, mss >= 100 else { return nil }
        var decided = false, found: (Int, Bool)?
        /// The first divisor of the window decides; p0f returns the quotient as
        /// an s16, so a negative or overflowing one means "no multiple".
        func attempt(_ divisor: Int, mtu: Bool) {
            guard !decided, divisor != 0, window % divisor == 0 else { return }
            decided = true
            let quotient = Int(Int16(truncatingIfNeeded: window / divisor))
            if quotient > 0 { found = (quotient, mtu) }
        }
        attempt(mss, mtu: false)
        if packet.timestamp != 0 { attempt(mss - 12, mtu: false) }
        attempt(1460, mtu: false)
        attempt(1448, mtu: false)
        if v6 {
            attempt(1440, mtu: false)
            attempt(1428, mtu: false)
        }
        attempt(mss + 40, mtu: true)
        attempt(mss + packet.totalHeaderLength, mtu: true)
        if v6 { attempt(mss + 60, mtu: true) }
        attempt(1500, mtu: true)
        if syn != 0 {
            attempt(syn, mtu: false)
            attempt(syn - 12, mtu: false)
        }
        guard let (multiplier, isMTU) = found else { return nil }
        self.multiplier = multiplier
        self.isMTU = isMTU
    }
}

/// The `raw_sig` column: p0f's `dump_sig` of a packet.
enum P0fRawSignature {
    /// p0f's guess of the hop distance from an observed TTL (`guess_dist`).
    static func guessDistance(_ ttl: UInt8) -> Int {
        let t = Int(ttl)
        if t <= 32 { return 32 - t }
        if t <= 64 { return 64 - t }
        if t <= 128 { return 128 - t }
        return 255 - t
    }

    static func render(_ packet: P0fPacket, multiple: P0fWindowMultiple?) -> String {
        var text = "\(packet.ipVersion):\(packet.ttl)+"
        let distance = guessDistance(packet.ttl)
        text += distance > 35 ? "?" : "\(distance)"
        text += ":\(packet.ipOptionsLength):"
        text += packet.mss == 1331 && packet.kind == .synAck ? "*:" : "\(packet.mss):"
        if let multiple {
            text += "\(multiple.isMTU ? "mtu" : "mss")*\(multiple.multiplier)"
        } else {
            text += "\(packet.window)"
        }
        text += ",\(packet.windowScale):"
        text += packet.layout.map { $0 == P0fOption.eol ? "eol+\(packet.eolPadding)" : P0fOption.name($0) }
            .joined(separator: ",")
        text += ":"
        text += P0fQuirks.names.filter { packet.quirks.contains($0.0) }.map(\.1).joined(separator: ",")
        text += packet.hasPayload ? ":+" : ":0"
        return text
    }
}
