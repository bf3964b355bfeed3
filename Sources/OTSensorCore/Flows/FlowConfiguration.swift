/// What the flow engine needs to know about the site and the protocols.
public struct FlowConfiguration: Sendable {
    /// Ports Zeek treats as "likely server ports" when deciding who originated a
    /// connection whose first packet is not a SYN (LOGS.md appendix A, plus the
    /// ports of the analyzers current Zeek registers).
    public var likelyTCPServerPorts: Set<UInt16>
    public var likelyUDPServerPorts: Set<UInt16>
    /// Whether long connections are polled for the osect layout's conn_long
    /// rows (`ConnectionPoll`): with `--layout osect` and `--state`.
    public var pollsLongConnections = false

    public init(likelyTCPServerPorts: Set<UInt16> = FlowConfiguration.defaultTCPServerPorts,
                likelyUDPServerPorts: Set<UInt16> = FlowConfiguration.defaultUDPServerPorts) {
        self.likelyTCPServerPorts = likelyTCPServerPorts
        self.likelyUDPServerPorts = likelyUDPServerPorts
    }

    public static let defaultTCPServerPorts: Set<UInt16> = [
        21, 22, 25, 53, 80, 81, 88, 102, 135, 139, 143, 443, 445, 502, 563, 585, 587, 614, 631, 636,
        989, 990, 992, 993, 995, 1080, 2811, 3128, 3389, 5222, 5223, 5269, 6666, 6667, 6668, 6669,
        8000, 8080, 8888, 20000,
    ]

    public static let defaultUDPServerPorts: Set<UInt16> = [
        53, 67, 88, 123, 137, 161, 162, 443, 514, 1812, 2123, 2152, 3389, 3544, 4789, 5060, 5072,
        5353, 5355, 6081, 20000,
    ]

    /// Zeek's `WantConnection` role decision for a connection's first packet.
    func shouldFlip(_ packet: PacketInfo, ports: FlowPorts) -> Bool {
        switch packet.ipProtocol {
        case 6:
            let flags = packet.tcpFlags
            guard !flags.contains(.syn) || flags.contains(.ack) else { return false }
            guard likelyTCPServerPorts.contains(ports.source) else { return false }
            if likelyTCPServerPorts.contains(ports.destination) {
                return !flags.contains(.syn) && ports.source < ports.destination
            }
            return true
        case 17:
            return likelyUDPServerPorts.contains(ports.source) && !likelyUDPServerPorts.contains(ports.destination)
        default:
            return false
        }
    }
}
