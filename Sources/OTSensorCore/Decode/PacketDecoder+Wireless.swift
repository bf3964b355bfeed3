/// Link layers around 802.11 and FDDI, decoded as Zeek's FDDI, IEEE802_11 and
/// IEEE802_11_Radio packet analyzers decode them.
extension PacketDecoder {
    /// FDDI: Zeek skips the 13-byte header and an 8-byte LLC/SNAP header and
    /// reads IP by its version, recording no link-layer addresses.
    func decodeFDDI(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.remaining > 21, cursor.skip(21) else { return .skipped(.truncatedLinkHeader) }
        return decodeIPByVersion(&cursor, into: &info)
    }

    /// Radiotap: a little-endian length at offset 2, then an 802.11 frame.
    func decodeRadiotap(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.skip(2), let length = cursor.readLE(UInt16.self), Int(length) >= 4,
              cursor.skip(Int(length) - 4) else { return .skipped(.truncatedLinkHeader) }
        return decodeIEEE80211(&cursor, into: &info)
    }

    /// 802.11 data frames. Management and control frames, the data subtypes
    /// without data, and protected QoS frames carry nothing to decode. The
    /// address fields that hold source and destination depend on the To-DS and
    /// From-DS bits. A QoS frame may aggregate several packets (A-MSDU): the
    /// first is decoded here, and `nextSubframeOffset` says where the next one
    /// starts (see `decodeSubframe`).
    func decodeIEEE80211(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        let start = cursor.offset, bytes = cursor.bytes
        guard let control = cursor.readUInt8(), let flags = cursor.readUInt8() else { return .skipped(.truncatedLinkHeader) }
        var headerLength = 24
        guard bytes.count - start > headerLength else { return .skipped(.truncatedLinkHeader) }
        let isData = (control >> 2) & 0x2 != 0, hasData = (control >> 4) & 0x4 == 0
        guard isData && hasData else { info.networkOffset = cursor.offset; return .nonIP }
        let toDS = flags & 0x1 != 0, fromDS = flags & 0x2 != 0
        if toDS && fromDS { headerLength += 6 }
        guard bytes.count - start > headerLength else { return .skipped(.truncatedLinkHeader) }
        var isAggregate = false
        if (control >> 4) & 0x8 != 0 {
            isAggregate = bytes[start + headerLength] & 0x80 != 0
            guard flags & 0x40 == 0 else { info.networkOffset = cursor.offset; return .nonIP }
            headerLength += 2
            guard bytes.count - start > headerLength else { return .skipped(.truncatedLinkHeader) }
        }
        let destinationField = toDS ? 16 : 4
        let sourceField = fromDS ? (toDS ? 24 : 16) : 10
        info.destinationMAC = mac(bytes, start + destinationField)
        info.sourceMAC = mac(bytes, start + sourceField)
        if isAggregate {
            return decodeSubframe(bytes, at: start + headerLength, into: &info)
        }
        cursor = ByteCursor(bytes, offset: start + headerLength)
        return decodeWirelessLLC(&cursor, into: &info)
    }

    /// One A-MSDU subframe: destination and source addresses, the length of
    /// what follows, then an LLC-framed packet. Subframes are padded to a
    /// multiple of four bytes. The packet keeps the 802.11 header's addresses,
    /// as in Zeek; `info.nextSubframeOffset` is set to the next subframe, or 0.
    public func decodeSubframe(_ bytes: UnsafeRawBufferPointer, at offset: Int,
                               into info: inout PacketInfo) -> DecodeOutcome {
        info.nextSubframeOffset = 0
        guard bytes.count - offset >= 14 else { return .skipped(.truncatedLinkHeader) }
        let length = Int(be16(bytes, offset + 12))
        let end = offset + 14 + length
        guard end <= bytes.count else { return .skipped(.truncatedLinkHeader) }
        let next = end + (4 - (14 + length) % 4) % 4
        if next < bytes.count { info.nextSubframeOffset = next }
        var cursor = ByteCursor(UnsafeRawBufferPointer(rebasing: bytes[0..<end]), offset: offset + 14)
        return decodeWirelessLLC(&cursor, into: &info)
    }

    /// 802.11 carries packets behind LLC/SNAP with a zero organisation code;
    /// any other LLC header is not followed, as in Zeek.
    private func decodeWirelessLLC(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        guard cursor.remaining >= 8 else { return .skipped(.truncatedLinkHeader) }
        let isSNAP = cursor.peekBE(UInt32.self) == 0xAAAA_0300 && cursor.peekBE(UInt16.self, at: 4) == 0
        guard isSNAP, cursor.skip(6), let type = cursor.readUInt16BE() else {
            info.networkOffset = cursor.offset
            return .nonIP
        }
        return decodeEtherType(type, &cursor, into: &info)
    }

    private func mac(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> MACAddress {
        var value: UInt64 = 0
        for i in 0..<6 { value = value << 8 | UInt64(bytes[offset + i]) }
        return MACAddress(value: value)
    }
}
