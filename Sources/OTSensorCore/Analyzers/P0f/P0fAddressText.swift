/// Addresses as p0f prints them: IPv4 dotted quad; IPv6 as eight lower-case
/// hex groups without leading zeros and without `::` compression.
enum P0fAddressText {
    static func render(_ address: IPAddress) -> String {
        if address.isIPv4 {
            let v = address.ipv4Value
            return "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)"
        }
        var groups: [String] = []
        for half in [address.high, address.low] {
            for shift in stride(from: 48, through: 0, by: -16) {
                groups.append(String(UInt16(truncatingIfNeeded: half >> UInt64(shift)), radix: 16))
            }
        }
        return groups.joined(separator: ":")
    }
}
