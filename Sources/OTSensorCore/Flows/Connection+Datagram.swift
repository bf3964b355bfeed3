/// UDP, ICMP and unknown-transport processing (Zeek's UDP/ICMP/unknown-IP
/// session adapters): no state machine, just counters and the `D` letter.
extension Connection {
    static let udpInactivity: Int64 = 60
    static let icmpInactivity: Int64 = 60
    static let unknownInactivity: Int64 = 60

    mutating func processUDP<Sink: StreamSink>(_ packet: PacketInfo, bytes: UnsafeRawBufferPointer,
                                               isOrig: Bool, sink: inout Sink) {
        countPacket(packet, isOrig: isOrig)
        guard packet.transportChecksumValid else {
            recordChecksumError(isOrig: isOrig)
            return
        }
        lastTime = packet.timestamp
        let length = Int64(packet.udpLength) - 8
        addDatagramBytes(length, isOrig: isOrig)
        history.check(ConnectionHistory.data, "D", isOrig: isOrig)
        let captured = packet.capturedPayloadLength
        if captured > 0 {
            let payload = UnsafeRawBufferPointer(rebasing: bytes[packet.payloadOffset..<(packet.payloadOffset + captured)])
            sink.deliver(payload, sequence: 0, isOrig: isOrig)
        }
    }

    mutating func processICMP(_ packet: PacketInfo, isOrig: Bool) {
        countPacket(packet, isOrig: isOrig)
        guard packet.transportChecksumValid else {
            recordChecksumError(isOrig: isOrig)
            return
        }
        lastTime = packet.timestamp
        addDatagramBytes(Int64(packet.transportLength) - 8, isOrig: isOrig)
    }

    mutating func processOther(_ packet: PacketInfo, isOrig: Bool) {
        countPacket(packet, isOrig: isOrig)
        lastTime = packet.timestamp
    }

    private mutating func countPacket(_ packet: PacketInfo, isOrig: Bool) {
        let bytes = UInt64(packet.ipLengthForCounting)
        if isOrig {
            orig.packets += 1
            orig.ipBytes += bytes
        } else {
            resp.packets += 1
            resp.ipBytes += bytes
        }
    }

    private mutating func addDatagramBytes(_ length: Int64, isOrig: Bool) {
        if isOrig {
            orig.datagramBytes = orig.datagramBytes < 0 ? length : orig.datagramBytes + length
        } else {
            resp.datagramBytes = resp.datagramBytes < 0 ? length : resp.datagramBytes + length
        }
    }

    private mutating func recordChecksumError(isOrig: Bool) {
        let add = isOrig ? orig.checksumErrors.record() : resp.checksumErrors.record()
        if add { history.add("C", isOrig: isOrig) }
    }
}
