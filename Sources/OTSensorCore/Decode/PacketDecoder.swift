/// The result of decoding one frame.
public enum DecodeOutcome: Sendable, Equatable {
    /// An IP packet with a transport the flow engine tracks (or an unknown transport).
    case ip
    /// An IP fragment: it must go through fragment reassembly first.
    case fragment
    /// A link-layer frame without IP (ARP, CC-Link IE, LLDP, ...); `etherType` is set.
    case nonIP
    case skipped(SkipReason)
}

/// Decodes a frame layer by layer: link → VLAN/MPLS/PPPoE → IPv4/IPv6 → TCP/UDP/ICMP.
///
/// Each layer lives in its own extension file and forwards to the next by a key
/// (DLT, EtherType, IP protocol), as Zeek's packet_analysis tree does. Decoding never
/// allocates and never reads outside the captured bytes.
public struct PacketDecoder: Sendable {
    /// Verify IPv4 header and transport checksums (off by default, as OsecT's Zeek ran
    /// with `ignore_checksums`).
    public var verifyChecksums: Bool

    public init(verifyChecksums: Bool = false) {
        self.verifyChecksums = verifyChecksums
    }

    /// Stacked link headers beyond this are not followed: each costs the
    /// sender four bytes and the decoder a nested call, and real frames carry
    /// a handful (QinQ, a VN-Tag, an MPLS-over-Ethernet hop, a tunnel's inner frame).
    public static let maximumLinkHeaders: UInt8 = 32

    /// Decodes `bytes` captured on a link of type `linkType` into `info`.
    public func decode(_ bytes: UnsafeRawBufferPointer, linkType: Int32, into info: inout PacketInfo) -> DecodeOutcome {
        info.capturedLength = bytes.count
        guard let link = LinkType(rawValue: linkType) else { return .skipped(.unsupportedLinkType) }
        var cursor = ByteCursor(bytes)
        switch link {
        case .ethernet:
            return decodeEthernet(&cursor, into: &info)
        case .null:
            return decodeNull(&cursor, into: &info, networkOrder: false)
        case .loop:
            return decodeNull(&cursor, into: &info, networkOrder: true)
        case .rawIP, .rawIPOpenBSD, .rawIPLinktype, .ipv4, .ipv6:
            return decodeIPByVersion(&cursor, into: &info)
        case .linuxCooked:
            return decodeLinuxCooked(&cursor, into: &info)
        case .linuxCookedV2:
            return decodeLinuxCookedV2(&cursor, into: &info)
        case .ppp, .pppSerial:
            return decodePPP(&cursor, into: &info)
        case .fddi:
            return decodeFDDI(&cursor, into: &info)
        case .ieee80211:
            return decodeIEEE80211(&cursor, into: &info)
        case .ieee80211Radiotap:
            return decodeRadiotap(&cursor, into: &info)
        case .nflog:
            return decodeNFLOG(&cursor, into: &info)
        }
    }

    /// Dispatches on an EtherType once the link layer is consumed.
    func decodeEtherType(_ type: UInt16, _ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        info.etherType = type
        info.linkHeaderCount &+= 1
        guard info.linkHeaderCount <= Self.maximumLinkHeaders else { return .skipped(.tooManyLinkHeaders) }
        switch type {
        case 0x0800:
            return decodeIPv4(&cursor, into: &info)
        case 0x86DD:
            return decodeIPv6(&cursor, into: &info)
        case 0x8100, 0x88A8, 0x9100:
            return decodeVLAN(&cursor, into: &info)
        case 0x8847, 0x8848:
            return decodeMPLS(&cursor, into: &info)
        case 0x8864:
            return decodePPPoE(&cursor, into: &info)
        case 0x8926:
            return decodeVNTag(&cursor, into: &info)
        case 0x8903:
            return decodeFabricPath(&cursor, into: &info)
        case 0x88E7:
            return decodePBB(&cursor, into: &info)
        default:
            info.networkOffset = cursor.offset
            return .nonIP
        }
    }

    /// Dispatches on the IP version nibble, for links without a type field.
    func decodeIPByVersion(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard let first = cursor.peekBE(UInt8.self) else { return .skipped(.truncatedIPHeader) }
        switch first >> 4 {
        case 4: info.etherType = 0x0800; return decodeIPv4(&cursor, into: &info)
        case 6: info.etherType = 0x86DD; return decodeIPv6(&cursor, into: &info)
        default: return .skipped(.badIPVersion)
        }
    }
}
