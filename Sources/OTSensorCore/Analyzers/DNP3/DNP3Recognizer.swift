/// Recognises DNP3 as Zeek's DNP3 analyzers do, over TCP (conn.log `service`
/// "dnp3_tcp") and over UDP ("dnp3_udp").
///
/// Zeek (DNP3.cc `ProcessData`) collects the first 11 bytes of a direction:
/// the link-layer header with its CRC, and the transport byte. Without the
/// 0x05 0x64 start bytes it stops parsing without a verdict; a header whose
/// CRC (IEEE 1815 §9.2.4.1.3, DNP's CRC-16) does not match is a violation,
/// and a matching one confirms. Over UDP the bytes are collected across
/// datagrams in the same way.
struct DNP3HeaderCheck: Sendable {
    static let neededLength = 11

    private var header = RecognizerBuffer(capacity: DNP3HeaderCheck.neededLength)
    private var stopped = false

    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> RecognizerVerdict {
        guard !stopped else { return .undecided }
        header.append(bytes)
        guard header.count == Self.neededLength else { return .undecided }
        let verdict = header.withBytes { bytes -> RecognizerVerdict? in
            guard bytes[0] == 0x05, bytes[1] == 0x64 else { return nil }
            let crc = Self.crc(UnsafeRawBufferPointer(rebasing: bytes[0..<8]))
            let matches = bytes[8] == UInt8(crc & 0xFF) && bytes[9] == UInt8(crc >> 8)
            return matches ? .confirmed : .violated(reason: "dnp3.broken_checksum")
        }
        guard let verdict else {
            stopped = true
            return .undecided
        }
        return verdict
    }

    /// DNP's CRC-16: reflected polynomial 0xA6BC, initial 0, complemented,
    /// sent low byte first.
    static func crc(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 {
                crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA6BC : crc >> 1
            }
        }
        return ~crc
    }
}

public struct DNP3TCPRecognizer: ServiceRecognizer {
    public static let service = "dnp3_tcp"

    private var orig = DNP3HeaderCheck()
    private var resp = DNP3HeaderCheck()

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        isOrig ? orig.feed(bytes) : resp.feed(bytes)
    }

    /// Zeek's DNP3 analyzer passes a gap to its parser and goes on.
    public mutating func gap(length: UInt64, isOrig: Bool) -> RecognizerVerdict {
        .undecided
    }
}

public struct DNP3UDPRecognizer: ServiceRecognizer {
    public static let service = "dnp3_udp"

    private var orig = DNP3HeaderCheck()
    private var resp = DNP3HeaderCheck()

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer, isOrig: Bool) -> RecognizerVerdict {
        isOrig ? orig.feed(bytes) : resp.feed(bytes)
    }
}
