/// Zeek's protocol detection for the UDP tunnels it finds off their ports
/// (`register_protocol_detection` in base/packet-protocols): a datagram whose
/// port names no tunnel is offered to Teredo, then to AYIYA, each deciding by
/// its `DetectProtocol` on the payload alone, datagram by datagram.
enum TunnelDetection {
    /// Teredo's `DetectProtocol`: IPv6 with a Teredo (2001:0000::/32) source or
    /// destination, or an origin indication (optionally after an
    /// authentication header) followed by IPv6.
    static func looksLikeTeredo(_ data: UnsafeRawBufferPointer) -> Bool {
        let len = data.count
        if len < 40 || (len > 8 && data[0] >> 4 != 6 && (data[0] != 0 || (data[1] != 0 && data[1] != 1))) {
            return false
        }
        if startsWithTeredoIPv6(data) { return true }
        var at = 0, value = UInt16(data[1])
        if value == 1 {
            let headerLength = 13 + Int(data[2]) + Int(data[3])
            guard len - at >= headerLength else { return false }
            at += headerLength
            guard len - at >= 40 else { return false }
            value = UInt16(data[at]) << 8 | UInt16(data[at + 1])
        }
        guard value == 0, len - at >= 8 else { return false }
        at += 8
        return len - at >= 40 && data[at] >> 4 == 6
    }

    /// The pattern of Zeek's old `dpd_teredo` signature over the payload's
    /// first 40 bytes (Zeek's `Match` accepts at the pattern's end, whatever
    /// follows): version 6, and 2001:0000 at the source (offset 8) or the
    /// destination (offset 24). Its `.` is any byte but a line feed.
    private static func startsWithTeredoIPv6(_ data: UnsafeRawBufferPointer) -> Bool {
        guard data.count >= 40, (0x60...0x6F).contains(data[0]) else { return false }
        let prefix: [UInt8] = [0x20, 0x01, 0x00, 0x00]
        func matches(prefixAt offset: Int) -> Bool {
            (0..<4).allSatisfy { data[offset + $0] == prefix[$0] }
                && (1..<40).allSatisfy { ($0 >= offset && $0 < offset + 4) || data[$0] != 0x0A }
        }
        return matches(prefixAt: 8) || matches(prefixAt: 24)
    }

    /// AYIYA's `DetectProtocol`.
    static func looksLikeAYIYA(_ data: UnsafeRawBufferPointer) -> Bool {
        data.count >= 3 && data[1] == 0x52 && data[2] == 0x11
    }
}
