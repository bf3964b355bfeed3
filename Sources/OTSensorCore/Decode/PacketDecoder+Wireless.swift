/// Link layers that carry IP behind an 802.2 LLC/SNAP header: FDDI and
/// 802.11 data frames (bare or behind a radiotap header), as Zeek decodes them.
extension PacketDecoder {
    /// FDDI: frame control, two addresses, then LLC/SNAP. Zeek records no
    /// link-layer addresses for FDDI, so neither do we.
    func decodeFDDI(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.skip(13) else { return .skipped(.truncatedLinkHeader) }
        return decodeSNAP(&cursor, into: &info)
    }

    /// Radiotap: a little-endian length at offset 2, then an 802.11 frame.
    func decodeRadiotap(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.skip(2), let length = cursor.readLE(UInt16.self), Int(length) >= 4,
              cursor.skip(Int(length) - 4) else { return .skipped(.truncatedLinkHeader) }
        return decodeIEEE80211(&cursor, into: &info)
    }

    /// 802.11: only unprotected data frames carry IP; the address fields that
    /// hold source and destination depend on the To-DS/From-DS bits.
    func decodeIEEE80211(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        let start = cursor.offset
        guard let control = cursor.readUInt8(), let flags = cursor.readUInt8(), cursor.remaining >= 22 else {
            return .skipped(.truncatedLinkHeader)
        }
        let type = (control >> 2) & 0x3, subtype = control >> 4
        guard type == 2, flags & 0x40 == 0 else { info.networkOffset = cursor.offset; return .nonIP }
        let bytes = cursor.bytes
        let toDS = flags & 0x1 != 0, fromDS = flags & 0x2 != 0
        var headerLength = 24
        if toDS && fromDS { headerLength += 6 }
        if subtype & 0x8 != 0 { headerLength += 2 }
        if flags & 0x80 != 0 && subtype & 0x8 != 0 { headerLength += 4 }
        guard bytes.count >= start + headerLength else { return .skipped(.truncatedLinkHeader) }
        let destinationField = toDS ? 16 : 4
        let sourceField = fromDS ? (toDS ? 24 : 16) : 10
        info.destinationMAC = mac(bytes, start + destinationField)
        info.sourceMAC = mac(bytes, start + sourceField)
        cursor = ByteCursor(bytes, offset: start + headerLength)
        return decodeSNAP(&cursor, into: &info)
    }

    /// 802.2 LLC with a SNAP header (AA AA 03, OUI, EtherType).
    private func decodeSNAP(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard let dsap = cursor.readUInt8(), let ssap = cursor.readUInt8(), cursor.skip(1) else {
            return .skipped(.truncatedLinkHeader)
        }
        guard dsap == 0xAA, ssap == 0xAA else { info.networkOffset = cursor.offset; return .nonIP }
        guard cursor.skip(3), let type = cursor.readUInt16BE() else { return .skipped(.truncatedLinkHeader) }
        return decodeEtherType(type, &cursor, into: &info)
    }

    private func mac(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> MACAddress {
        var value: UInt64 = 0
        for i in 0..<6 { value = value << 8 | UInt64(bytes[offset + i]) }
        return MACAddress(value: value)
    }
}
