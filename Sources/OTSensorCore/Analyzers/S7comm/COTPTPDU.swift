/// One COTP TPDU (ISO 8073 / X.224) as carried in a TPKT: a length indicator
/// (the header's length after itself), the type byte, the type's fixed part
/// and variable part, then user data.
struct COTPTPDU {
    /// The whole type byte, credit nibble included (iso_cotp.log prints it so).
    let typeByte: UInt8
    /// DT only: whether this TPDU ends its TSDU (EOT); other types are always complete.
    let isEndOfTSDU: Bool
    /// DT only: the user data after the header (an S7 PDU, or a segment of one).
    let userData: UnsafeRawBufferPointer?

    static let dataType: UInt8 = 0xF0

    /// Parses a TPKT body. Throws when the length indicator is 0, reaches past
    /// the TPKT, or is shorter than the type's fixed part (DT 2, CR/CC/DR 6, DC 5).
    init(_ body: UnsafeRawBufferPointer) throws(S7DecodeError) {
        guard body.count >= 2 else { throw .cotpLengthInvalid }
        let indicator = Int(body[0])
        guard indicator >= 1, indicator + 1 <= body.count else { throw .cotpLengthInvalid }
        typeByte = body[1]
        guard indicator >= Self.fixedPartLength(typeByte) else { throw .cotpLengthInvalid }
        if typeByte & 0xF0 == Self.dataType {
            isEndOfTSDU = body[2] & 0x80 != 0
            userData = UnsafeRawBufferPointer(rebasing: body[(indicator + 1)...])
        } else {
            isEndOfTSDU = true
            userData = nil
        }
    }

    /// The shortest length indicator each TPDU type can have (type byte included).
    private static func fixedPartLength(_ type: UInt8) -> Int {
        switch type & 0xF0 {
        case 0xF0: 2
        case 0xE0, 0xD0, 0x80: 6
        case 0xC0: 5
        default: 1
        }
    }

    /// TPDU types of ISO 8073 (ED, EA, RJ, AK, ER, DR, DC, CC, CR, DT), by their
    /// high nibble: used to judge whether bytes could start a TPKT when resynchronising.
    static func isKnownType(_ type: UInt8) -> Bool {
        switch type & 0xF0 {
        case 0x10, 0x20, 0x50, 0x60, 0x70, 0x80, 0xC0, 0xD0, 0xE0, 0xF0: true
        default: false
        }
    }
}

/// Joins the user data of DT TPDUs sent with EOT=0 to the DT that ends the
/// TSDU (ISO 8073 segmentation), bounded so a peer that never sends EOT cannot
/// grow it without limit.
struct COTPReassembly {
    /// An S7 PDU's header lengths are 16-bit, so no S7 PDU is longer than this.
    static let maximumLength = 65_536 + 12

    private var buffer: [UInt8] = []
    private var isCollecting = false
    private var hasOverflowed = false

    /// Whether segments were received but not their end.
    var isIncomplete: Bool { isCollecting }

    mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        isCollecting = false
        hasOverflowed = false
    }

    /// Adds one DT's user data; calls `complete` with the whole TSDU once a DT
    /// with EOT arrives. An unsegmented TSDU is passed through without copying.
    mutating func add(_ data: UnsafeRawBufferPointer, isEnd: Bool, reject: (S7DecodeError) -> Void,
                      complete: (UnsafeRawBufferPointer) -> Void) {
        if isEnd && !isCollecting {
            complete(data)
            return
        }
        isCollecting = true
        if !hasOverflowed {
            if buffer.count + data.count > Self.maximumLength {
                hasOverflowed = true
                buffer = []
                reject(.cotpReassemblyOverflow)
            } else {
                buffer.append(contentsOf: data)
            }
        }
        guard isEnd else { return }
        if !hasOverflowed { buffer.withUnsafeBytes { complete($0) } }
        reset()
    }
}

extension COTPReassembly {
    /// A TSDU whose DT segments continue in the next slice of the stream.
    func carry(into writer: inout StateWriter) {
        writer.put(buffer)
        writer.put(isCollecting)
        writer.put(hasOverflowed)
    }

    init(carriedFrom reader: inout StateReader) throws {
        buffer = try reader.byteString()
        isCollecting = try reader.bool()
        hasOverflowed = try reader.bool()
        guard buffer.count <= Self.maximumLength else { throw CarriedStateError.malformed("a TSDU of \(buffer.count) bytes") }
    }
}
