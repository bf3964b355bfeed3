extension PacketDecoder {
    func decodeEthernet(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard let dst = readMAC(&cursor), let src = readMAC(&cursor), let type = cursor.readUInt16BE() else {
            return .skipped(.truncatedLinkHeader)
        }
        info.destinationMAC = dst
        info.sourceMAC = src
        if type <= 1500 { return decodeIEEE8023(length: type, &cursor, into: &info) }
        return decodeEtherType(type, &cursor, into: &info)
    }

    /// An IEEE 802.3 frame (the type field is a length): 802.2 LLC, with a SNAP
    /// header whose zero OUI names an EtherType, as Zeek's SNAP analyzer reads it.
    /// Raw Novell 802.3 (FF FF) and plain LLC carry nothing Zeek decodes further.
    private func decodeIEEE8023(length: UInt16, _ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        info.etherType = length
        info.networkOffset = cursor.offset
        guard let dsap = cursor.peekBE(UInt8.self), let ssap = cursor.peekBE(UInt8.self, at: 1),
              dsap == 0xAA, ssap == 0xAA, let control = cursor.peekBE(UInt8.self, at: 2) else { return .nonIP }
        // An unnumbered PDU's control field is one byte, any other's two.
        guard cursor.skip(control & 0x03 == 0x03 ? 3 : 4), let oui = cursor.readBytes(3),
              let type = cursor.readUInt16BE() else { return .skipped(.truncatedLinkHeader) }
        guard oui.allSatisfy({ $0 == 0 }) else { return .nonIP }
        return decodeEtherType(type, &cursor, into: &info)
    }

    /// 802.1ah Provider Backbone Bridging: a 4-byte I-TAG, then the customer's
    /// Ethernet frame, whose addresses are the ones logged (as in Zeek).
    func decodePBB(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.skip(4) else { return .skipped(.truncatedLinkHeader) }
        return decodeEthernet(&cursor, into: &info)
    }

    /// Linux NFLOG: address family, version 0, resource id, then type-length-value
    /// records in the capturing host's byte order (little-endian here); the packet
    /// is the value of the record of type 9.
    func decodeNFLOG(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard let family = cursor.readUInt8(), let version = cursor.readUInt8(), cursor.skip(2) else {
            return .skipped(.truncatedLinkHeader)
        }
        guard version == 0 else { return .skipped(.truncatedLinkHeader) }
        while true {
            guard let length = cursor.readLE(UInt16.self), let type = cursor.readLE(UInt16.self), length >= 4 else {
                return .skipped(.truncatedLinkHeader)
            }
            if type == 9 { break }
            let padded = (Int(length) + 3) / 4 * 4
            guard cursor.skip(padded - 4) else { return .skipped(.truncatedLinkHeader) }
        }
        switch family {
        case 2: info.etherType = 0x0800; return decodeIPv4(&cursor, into: &info)
        case 10: info.etherType = 0x86DD; return decodeIPv6(&cursor, into: &info)
        default: return .skipped(.nonIP)
        }
    }

    func decodeVLAN(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard let tci = cursor.readUInt16BE(), let type = cursor.readUInt16BE() else {
            return .skipped(.truncatedVLANHeader)
        }
        let id = tci & 0x0FFF
        switch info.vlanTagCount {
        case 0: info.vlan = id
        case 1: info.innerVLAN = id
        default: break
        }
        info.vlanTagCount &+= 1
        return decodeEtherType(type, &cursor, into: &info)
    }

    func decodeMPLS(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        while true {
            guard let entry = cursor.readUInt32BE() else { return .skipped(.truncatedMPLSHeader) }
            if entry & 0x100 != 0 { break }
        }
        return decodeIPByVersion(&cursor, into: &info)
    }

    /// Cisco VN-Tag: a 4-byte tag, then the next EtherType.
    func decodeVNTag(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.skip(4), let type = cursor.readUInt16BE() else { return .skipped(.truncatedLinkHeader) }
        return decodeEtherType(type, &cursor, into: &info)
    }

    /// Cisco FabricPath: a 2-byte FTag/TTL, then the original Ethernet frame.
    func decodeFabricPath(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.skip(2) else { return .skipped(.truncatedLinkHeader) }
        return decodeEthernet(&cursor, into: &info)
    }

    func decodePPPoE(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.skip(6), let proto = cursor.readUInt16BE() else { return .skipped(.truncatedPPPoEHeader) }
        return decodePPPProtocol(proto, &cursor, into: &info)
    }

    func decodePPP(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard let first = cursor.peekBE(UInt16.self) else { return .skipped(.truncatedLinkHeader) }
        if first == 0xFF03 { cursor.skip(2) }
        guard let proto = cursor.readUInt16BE() else { return .skipped(.truncatedLinkHeader) }
        return decodePPPProtocol(proto, &cursor, into: &info)
    }

    private func decodePPPProtocol(_ proto: UInt16, _ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        switch proto {
        case 0x0021: info.etherType = 0x0800; return decodeIPv4(&cursor, into: &info)
        case 0x0057: info.etherType = 0x86DD; return decodeIPv6(&cursor, into: &info)
        default: info.networkOffset = cursor.offset; return .nonIP
        }
    }

    /// BSD null/loopback: a 4-byte address family, in host order (DLT_NULL, written
    /// by a machine of either byte order) or network order (DLT_LOOP).
    func decodeNull(_ cursor: inout ByteCursor, into info: inout PacketInfo, networkOrder: Bool) -> DecodeOutcome {
        guard let raw = cursor.readBE(UInt32.self) else { return .skipped(.truncatedLinkHeader) }
        let family = networkOrder || raw < 0x100 ? raw : raw.byteSwapped
        switch family {
        case 2: info.etherType = 0x0800; return decodeIPv4(&cursor, into: &info)
        case 10, 24, 28, 30: info.etherType = 0x86DD; return decodeIPv6(&cursor, into: &info)
        default: return .skipped(.nonIP)
        }
    }

    /// Linux cooked capture v1: the sender's link address, then an EtherType.
    func decodeLinuxCooked(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.skip(4), let addressLength = cursor.readUInt16BE(), let address = cursor.readBytes(8),
              let proto = cursor.readUInt16BE() else { return .skipped(.truncatedLinkHeader) }
        if addressLength == 6 { info.sourceMAC = mac(address) }
        return decodeEtherType(proto, &cursor, into: &info)
    }

    /// Linux cooked capture v2: the EtherType first, the sender's link address last.
    func decodeLinuxCookedV2(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard let proto = cursor.readUInt16BE(), cursor.skip(9), let addressLength = cursor.readUInt8(),
              let address = cursor.readBytes(8) else { return .skipped(.truncatedLinkHeader) }
        if addressLength == 6 { info.sourceMAC = mac(address) }
        return decodeEtherType(proto, &cursor, into: &info)
    }

    private func readMAC(_ cursor: inout ByteCursor) -> MACAddress? {
        guard let bytes = cursor.readBytes(6) else { return nil }
        return mac(bytes)
    }

    private func mac(_ bytes: UnsafeRawBufferPointer) -> MACAddress {
        var value: UInt64 = 0
        for i in 0..<6 { value = value << 8 | UInt64(bytes[i]) }
        return MACAddress(value: value)
    }
}
