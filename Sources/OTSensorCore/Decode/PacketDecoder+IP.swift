extension PacketDecoder {
    func decodeIPv4(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        let start = cursor.offset
        info.networkOffset = start
        guard cursor.remaining >= 20, let versionAndLength = cursor.peekBE(UInt8.self) else {
            return .skipped(.truncatedIPHeader)
        }
        guard versionAndLength >> 4 == 4 else { return .skipped(.badIPVersion) }
        let headerLength = Int(versionAndLength & 0x0F) * 4
        guard headerLength >= 20 else { return .skipped(.badIPHeaderLength) }
        guard cursor.remaining >= headerLength else { return .skipped(.truncatedIPHeader) }
        let bytes = cursor.bytes
        let totalLength = Int(be16(bytes, start + 2))
        guard totalLength >= headerLength else { return .skipped(.badIPHeaderLength) }
        if totalLength > cursor.remaining && !info.isSnaplenTruncated {
            return .skipped(.truncatedIP)
        }
        if verifyChecksums && InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + headerLength)])) != 0xFFFF {
            return .skipped(.badIPChecksum)
        }
        info.ipVersion = 4
        info.ipHeaderLength = headerLength
        info.ipLengthForCounting = totalLength
        info.ttl = bytes[start + 8]
        info.ipProtocol = bytes[start + 9]
        info.source = IPAddress(ipv4: be32(bytes, start + 12))
        info.destination = IPAddress(ipv4: be32(bytes, start + 16))
        let fragmentField = be16(bytes, start + 6)
        info.fragmentID = UInt32(be16(bytes, start + 4))
        info.fragmentOffset = Int(fragmentField & 0x1FFF) * 8
        info.moreFragments = fragmentField & 0x2000 != 0
        info.transportOffset = start + headerLength
        info.transportLength = totalLength - headerLength
        if info.moreFragments || info.fragmentOffset != 0 { return .fragment }
        return decodeTransport(bytes, into: &info)
    }

    func decodeIPv6(_ cursor: inout ByteCursor, into info: inout PacketInfo) -> DecodeOutcome {
        let start = cursor.offset
        info.networkOffset = start
        guard cursor.remaining >= 40 else { return .skipped(.truncatedIPHeader) }
        let bytes = cursor.bytes
        guard bytes[start] >> 4 == 6 else { return .skipped(.badIPVersion) }
        let payloadLength = Int(be16(bytes, start + 4))
        if payloadLength > cursor.remaining - 40 && !info.isSnaplenTruncated {
            return .skipped(.truncatedIP)
        }
        info.ipVersion = 6
        info.ipLengthForCounting = payloadLength + 40
        info.ttl = bytes[start + 7]
        info.source = IPAddress(high: be64(bytes, start + 8), low: be64(bytes, start + 16))
        info.destination = IPAddress(high: be64(bytes, start + 24), low: be64(bytes, start + 32))
        let end = start + 40 + payloadLength
        var next = bytes[start + 6]
        var nextField = start + 6
        var offset = start + 40
        var isFragment = false
        extensionHeaders: while true {
            switch next {
            case 0, 43, 60, 135, 139, 140, 51, 44:
                guard offset + 8 <= min(end, bytes.count) else { return .skipped(.truncatedIPv6ExtensionHeader) }
                let headerNext = bytes[offset]
                var length = (Int(bytes[offset + 1]) + 1) * 8
                if next == 51 { length = (Int(bytes[offset + 1]) + 2) * 4 }
                if next == 44 {
                    length = 8
                    let field = be16(bytes, offset + 2)
                    info.fragmentOffset = Int(field & 0xFFF8)
                    info.moreFragments = field & 1 != 0
                    info.fragmentID = be32(bytes, offset + 4)
                    info.fragmentHeaderOffset = offset
                    info.fragmentNextHeaderField = nextField
                    isFragment = info.fragmentOffset != 0 || info.moreFragments
                }
                next = headerNext
                nextField = offset
                offset += length
                if isFragment { break extensionHeaders }
            default:
                break extensionHeaders
            }
        }
        guard offset <= end else { return .skipped(.truncatedIPv6ExtensionHeader) }
        info.ipHeaderLength = offset - start
        info.ipProtocol = next
        info.transportOffset = offset
        info.transportLength = end - offset
        if isFragment { return .fragment }
        return decodeTransport(bytes, into: &info)
    }
}

extension PacketInfo {
    /// Whether the capture kept fewer bytes than the frame had (snaplen): such a
    /// packet is still analysed, with its lengths taken from the headers.
    public var isSnaplenTruncated: Bool { capturedLength < wireLength }
}

@inline(__always)
func be16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
    UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
}

@inline(__always)
func be32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
    UInt32(be16(bytes, offset)) << 16 | UInt32(be16(bytes, offset + 2))
}

@inline(__always)
func be64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
    UInt64(be32(bytes, offset)) << 32 | UInt64(be32(bytes, offset + 4))
}
