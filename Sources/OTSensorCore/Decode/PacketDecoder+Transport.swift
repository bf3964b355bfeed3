extension PacketDecoder {
    /// Decodes the transport header at `info.transportOffset`. Other IP protocols are
    /// returned as `.ip` with ports 0: they become `unknown_transport` connections.
    func decodeTransport(_ bytes: UnsafeRawBufferPointer, into info: inout PacketInfo) -> DecodeOutcome {
        let start = info.transportOffset
        let length = info.transportLength
        let captured = bytes.count - start
        switch info.ipProtocol {
        case 6:
            guard length >= 20, captured >= 20 else { return .skipped(.truncatedTCPHeader) }
            let headerLength = Int(bytes[start + 12] >> 4) * 4
            guard headerLength >= 20, headerLength <= length else { return .skipped(.badTCPHeaderLength) }
            guard captured >= headerLength else { return .skipped(.truncatedTCPHeader) }
            info.sourcePort = be16(bytes, start)
            info.destinationPort = be16(bytes, start + 2)
            info.sequenceNumber = be32(bytes, start + 4)
            info.acknowledgementNumber = be32(bytes, start + 8)
            info.tcpFlags = TCPFlags(rawValue: bytes[start + 13])
            info.window = be16(bytes, start + 14)
            info.tcpHeaderLength = headerLength
            info.payloadOffset = start + headerLength
            info.payloadLength = length - headerLength
        case 17:
            guard length >= 8, captured >= 8 else { return .skipped(.truncatedUDPHeader) }
            info.sourcePort = be16(bytes, start)
            info.destinationPort = be16(bytes, start + 2)
            info.udpLength = be16(bytes, start + 4)
            info.payloadOffset = start + 8
            info.payloadLength = length - 8
        case 1, 58:
            guard length >= 8, captured >= 8 else { return .skipped(.truncatedICMPHeader) }
            info.icmpType = bytes[start]
            info.icmpCode = bytes[start + 1]
            info.payloadOffset = start + 8
            info.payloadLength = length - 8
        case 59:
            return .skipped(.noNextHeader)
        default:
            info.payloadOffset = start
            info.payloadLength = length
            return .ip
        }
        if verifyChecksums && captured >= length {
            info.transportChecksumValid = transportChecksumIsValid(bytes, info)
        }
        return .ip
    }

    /// The TCP/UDP/ICMPv6 checksum over the pseudo-header, or the ICMPv4 checksum.
    private func transportChecksumIsValid(_ bytes: UnsafeRawBufferPointer, _ info: PacketInfo) -> Bool {
        let segment = UnsafeRawBufferPointer(rebasing: bytes[info.transportOffset..<(info.transportOffset + info.transportLength)])
        if info.ipProtocol == 17 && info.ipVersion == 4 && be16(bytes, info.transportOffset + 6) == 0 {
            return true
        }
        if info.ipProtocol == 1 {
            return InternetChecksum.sum(segment) == 0xFFFF
        }
        var sum = InternetChecksum.pseudoHeaderSum(info.source, info.destination,
                                                    protocol: info.ipProtocol, length: info.transportLength)
        sum = InternetChecksum.add(segment, to: sum)
        return InternetChecksum.fold(sum) == 0xFFFF
    }
}
