import Foundation

/// The networks conn.log calls "local" (`local_orig`, `local_resp`).
public struct LocalNetworks: Sendable, Equatable {
    public struct Network: Sendable, Equatable {
        public var address: IPAddress
        public var prefixLength: Int

        /// Parses `a.b.c.d/n` or `x:y::/n` (a bare address is a host route).
        public init?(_ text: some StringProtocol) {
            let parts = text.split(separator: "/", maxSplits: 1)
            guard let first = parts.first, let address = IPAddress(first) else { return nil }
            let maximum = address.isIPv4 ? 32 : 128
            var length = maximum
            if parts.count == 2 {
                guard let parsed = Int(parts[1]), (0...maximum).contains(parsed) else { return nil }
                length = parsed
            }
            self.address = address
            self.prefixLength = address.isIPv4 ? length + 96 : length
        }

        /// `10.0.0.0/8`, `fc00::/7`: the manifest lists the networks a slice ran with.
        public var cidr: String { "\(address)/\(address.isIPv4 ? prefixLength - 96 : prefixLength)" }

        func contains(_ candidate: IPAddress) -> Bool {
            let highBits = min(prefixLength, 64), lowBits = max(0, prefixLength - 64)
            let highMask: UInt64 = highBits == 0 ? 0 : ~0 << UInt64(64 - highBits)
            let lowMask: UInt64 = lowBits == 0 ? 0 : ~0 << UInt64(64 - lowBits)
            return candidate.high & highMask == address.high & highMask
                && candidate.low & lowMask == address.low & lowMask
        }
    }

    /// nil: no local networks configured, the columns stay unset (`-`).
    public var networks: [Network]?

    public init(networks: [Network]?) { self.networks = networks }

    /// `true`/`false` for an address, nil when no networks are configured.
    public func isLocal(_ address: IPAddress) -> Bool? {
        guard let networks else { return nil }
        return networks.contains { $0.contains(address) }
    }

    /// zeekctl's default networks file, which the existing sensor ran with.
    public static let zeekctlDefault = LocalNetworks(parsing: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])

    /// Current Zeek's `Site::private_address_space`, local by default since Zeek 6.
    public static let zeekPrivateAddressSpace = LocalNetworks(parsing: [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
        "2002::/24", "2002:a00::/24", "2002:6440::/26", "2002:7f00::/24", "2002:a9fe::/32",
        "2002:ac10::/28", "2002:c000::/40", "2002:c000:200::/40", "2002:c0a8::/32", "2002:c612::/31",
        "2002:c633:6400::/40", "2002:cb00:7100::/40", "2002:f000::/20", "2002:ffff:ffff::/48",
        "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:2::/48", "2001:db8::/32",
        "fc00::/7", "fe80::/10",
    ])

    private init(parsing list: [String]) {
        networks = list.compactMap { Network($0) }
    }

    /// Parses the `--local-nets` value: `none`, `zeekctl`, `private`, or CIDRs
    /// separated by commas.
    public init?(argument: String) {
        switch argument {
        case "none": self.init(networks: nil)
        case "zeekctl", "default": self = .zeekctlDefault
        case "private": self = .zeekPrivateAddressSpace
        default:
            var parsed: [Network] = []
            for item in argument.split(separator: ",") {
                guard let network = Network(item.trimmingCharacters(in: .whitespaces)) else { return nil }
                parsed.append(network)
            }
            guard !parsed.isEmpty else { return nil }
            self.init(networks: parsed)
        }
    }
}
