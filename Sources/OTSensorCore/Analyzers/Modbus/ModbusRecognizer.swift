/// Recognises Modbus/TCP as Zeek's Modbus analyzer does (conn.log `service`
/// "modbus").
///
/// Zeek's grammar (modbus-protocol.pac) frames the stream by the MBAP header
/// (Modbus Messaging on TCP/IP Implementation Guide §3.1.3) and enforces a
/// protocol identifier of 0 and a length of at least 2 (unit identifier and
/// function code) in every PDU; either failing is a violation. It confirms
/// once one whole PDU, header length + 6 bytes, has been parsed in either
/// direction.
///
/// Only the 8-byte header is buffered; the rest of each PDU is counted.
public struct ModbusRecognizer: ServiceRecognizer {
    public static let service = "modbus"

    static let headerLength = 8

    private var orig = ModbusStream()
    private var resp = ModbusStream()
    private var confirmed = false

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        let verdict = isOrig ? orig.feed(bytes) : resp.feed(bytes)
        if case .violated = verdict { return verdict }
        confirmed = confirmed || verdict == .confirmed
        return confirmed ? .confirmed : .undecided
    }
}

/// One direction of Modbus/TCP, PDU after PDU.
struct ModbusStream: Sendable {
    private var header = RecognizerBuffer(capacity: ModbusRecognizer.headerLength)
    /// Bytes of the current PDU after its header still to come.
    private var remaining = 0

    /// `.confirmed` when a PDU ended in these bytes.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> RecognizerVerdict {
        var verdict = RecognizerVerdict.undecided
        var offset = 0
        while offset < bytes.count {
            if remaining > 0 {
                let take = min(remaining, bytes.count - offset)
                offset += take
                remaining -= take
                if remaining == 0 { verdict = .confirmed }
                continue
            }
            let take = min(ModbusRecognizer.headerLength - header.count, bytes.count - offset)
            header.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            offset += take
            guard header.count == ModbusRecognizer.headerLength else { break }
            let (protocolID, length) = header.withBytes { bytes in
                (UInt16(bytes[2]) << 8 | UInt16(bytes[3]), Int(bytes[4]) << 8 | Int(bytes[5]))
            }
            header.removeAll()
            guard protocolID == 0 else { return .violated(reason: "modbus.protocol_id_not_zero") }
            guard length >= 2 else { return .violated(reason: "modbus.length_too_short") }
            remaining = length + 6 - ModbusRecognizer.headerLength
            if remaining == 0 { verdict = .confirmed }
        }
        return verdict
    }
}
