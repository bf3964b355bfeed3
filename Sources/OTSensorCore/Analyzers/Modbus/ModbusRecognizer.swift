/// Recognises Modbus/TCP as Zeek's Modbus analyzer does (conn.log `service`
/// "modbus").
///
/// Zeek's grammar (modbus-protocol.pac) frames the stream by the MBAP header
/// (Modbus Messaging on TCP/IP Implementation Guide §3.1.3) and enforces a
/// protocol identifier of 0 and a length of at least 2 (unit identifier and
/// function code); either failing is a violation. It confirms once one whole
/// PDU, header length + 6 bytes, has been parsed in either direction.
///
/// Only the 8-byte header is buffered; the rest of the PDU is counted.
public struct ModbusRecognizer: ServiceRecognizer {
    public static let service = "modbus"

    static let headerLength = 8

    private var orig = ModbusStream()
    private var resp = ModbusStream()

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        isOrig ? orig.feed(bytes) : resp.feed(bytes)
    }
}

/// One direction of Modbus/TCP up to the end of its first PDU.
struct ModbusStream: Sendable {
    private var header = RecognizerBuffer(capacity: ModbusRecognizer.headerLength)
    /// Bytes of the first PDU still to come once its header is read.
    private var remaining: Int?

    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> RecognizerVerdict {
        if let remaining {
            return count(bytes.count, against: remaining)
        }
        let before = header.count
        header.append(bytes)
        guard header.count == ModbusRecognizer.headerLength else { return .undecided }
        let (protocolID, length) = header.withBytes { bytes in
            (UInt16(bytes[2]) << 8 | UInt16(bytes[3]), Int(bytes[4]) << 8 | Int(bytes[5]))
        }
        guard protocolID == 0 else { return .violated(reason: "modbus.protocol_id_not_zero") }
        guard length >= 2 else { return .violated(reason: "modbus.length_too_short") }
        return count(before + bytes.count, against: length + 6)
    }

    private mutating func count(_ arrived: Int, against needed: Int) -> RecognizerVerdict {
        guard arrived < needed else { return .confirmed }
        remaining = needed - arrived
        return .undecided
    }
}
