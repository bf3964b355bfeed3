/// p0f's `detect_win_multi`: whether a window is a multiple of the MSS or MTU
/// (a SYN+ACK may also use its peer's MSS, `synMSS`).
struct P0fWindowMultiple: Equatable {
    var multiplier: Int
    var isMTU: Bool

    init?(_ packet: P0fPacket, synMSS: UInt16) {
        let window = Int(packet.window), mss = Int(packet.mss)
        guard window != 0, mss >= 100 else { return nil }
        var divisors: [(Int, Bool)] = [(mss, false)]
        if packet.timestamp != 0 { divisors.append((mss - 12, false)) }
        divisors += [(1460, false), (1448, false)]
        if packet.ipVersion == 6 { divisors += [(1440, false), (1428, false)] }
        divisors += [(mss + 40, true), (mss + packet.totalHeaderLength, true)]
        if packet.ipVersion == 6 { divisors.append((mss + 60, true)) }
        divisors.append((1500, true))
        if synMSS != 0 { divisors += [(Int(synMSS), false), (Int(synMSS) - 12, false)] }
        for (divisor, isMTU) in divisors where divisor != 0 && window % divisor == 0 {
            // p0f returns the quotient as an s16: a negative or overflowing one
            // is "no multiple" when printed and never equals a signature's.
            let quotient = Int(Int16(truncatingIfNeeded: window / divisor))
            guard quotient > 0 else { return nil }
            multiplier = quotient
            self.isMTU = isMTU
            return
        }
        return nil
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
