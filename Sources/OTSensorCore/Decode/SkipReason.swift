/// Why a packet did not reach the flow engine. Every skip is named and counted
/// in the manifest, so a user can tell a quiet capture from a broken one.
public enum SkipReason: String, CaseIterable, Sendable {
    /// The file records a time before 1970 or after about 2223 (`Timestamp.plausibleSeconds`).
    case implausibleTimestamp = "implausible_timestamp"
    case unsupportedLinkType = "unsupported_link_type"
    case truncatedLinkHeader = "truncated_link_header"
    case truncatedVLANHeader = "truncated_vlan_header"
    /// More stacked link headers (VLAN tags, VN-Tags …) than `PacketDecoder.maximumLinkHeaders`.
    case tooManyLinkHeaders = "too_many_link_headers"
    case truncatedMPLSHeader = "truncated_mpls_header"
    case truncatedPPPoEHeader = "truncated_pppoe_header"
    case nonIP = "non_ip"
    case truncatedIPHeader = "truncated_ip_header"
    case badIPVersion = "bad_ip_version"
    case badIPHeaderLength = "bad_ip_header_length"
    case truncatedIP = "truncated_ip"
    case badIPChecksum = "bad_ip_checksum"
    case truncatedIPv6ExtensionHeader = "truncated_ipv6_extension_header"
    case fragmentPending = "ip_fragment_buffered"
    case fragmentDropped = "ip_fragment_dropped"
    case truncatedTCPHeader = "truncated_tcp_header"
    case badTCPHeaderLength = "bad_tcp_header_length"
    case truncatedUDPHeader = "truncated_udp_header"
    case truncatedICMPHeader = "truncated_icmp_header"
    case otherIPProtocol = "other_ip_protocol"
    /// IP protocol 59, "no next header": nothing follows the IP header, so
    /// there is no connection (Zeek makes none; inside Teredo it is a bubble).
    case noNextHeader = "ip_no_next_header"
    case tunnelTooDeep = "tunnel_too_deep"
    /// GRE that Zeek's GRE analyzer refuses: a version other than 0 and 1, the
    /// routing or reserved flag bits, PPTP without IP, or a cut header.
    case undecodableGRE = "undecodable_gre"
}
