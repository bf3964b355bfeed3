/// The CRYPTO stream of a client's Initial packets (RFC 9000 §19.6), put
/// back in order: clients split their ClientHello over several CRYPTO frames
/// and packets, in any order. Holds at most `capacity` bytes.
struct QUICCryptoStream: Sendable {
    static let capacity = 16 * 1024

    private var pieces: [(offset: Int, bytes: [UInt8])] = []
    private var stored = 0

    /// Keeps the CRYPTO frames of one decrypted payload, reading the frame
    /// types Zeek's QUIC.spicy reads in Initials and stopping at any other.
    mutating func absorb(frames payload: [UInt8]) {
        payload.withUnsafeBytes { bytes in
            var cursor = ByteCursor(bytes)
            while let type = cursor.readUInt8() {
                switch type {
                case 0x00, 0x01:
                    continue
                case 0x02, 0x03:
                    guard Self.skipACK(&cursor, withECN: type == 0x03) else { return }
                case 0x06:
                    guard let offset = QUICRecognizer.readVarInt(&cursor),
                          let length = QUICRecognizer.readVarInt(&cursor),
                          let data = cursor.readBytes(Int(clamping: length)) else { return }
                    keep(offset: Int(clamping: offset), data)
                default:
                    return
                }
            }
        }
    }

    private static func skipACK(_ cursor: inout ByteCursor, withECN: Bool) -> Bool {
        guard QUICRecognizer.readVarInt(&cursor) != nil, QUICRecognizer.readVarInt(&cursor) != nil,
              let ranges = QUICRecognizer.readVarInt(&cursor), QUICRecognizer.readVarInt(&cursor) != nil,
              ranges < 1024 else { return false }
        for _ in 0..<(2 * Int(ranges) + (withECN ? 3 : 0)) {
            guard QUICRecognizer.readVarInt(&cursor) != nil else { return false }
        }
        return true
    }

    private mutating func keep(offset: Int, _ data: UnsafeRawBufferPointer) {
        guard offset < Self.capacity, stored + data.count <= Self.capacity else { return }
        pieces.append((offset, Array(data)))
        stored += data.count
    }

    /// The stream's bytes from offset 0 up to the first missing byte.
    private func contiguousPrefix() -> [UInt8] {
        var prefix: [UInt8] = []
        var grew = true
        while grew {
            grew = false
            for piece in pieces where piece.offset <= prefix.count && piece.offset + piece.bytes.count > prefix.count {
                prefix.append(contentsOf: piece.bytes[(prefix.count - piece.offset)...])
                grew = true
            }
        }
        return prefix
    }

    /// The ClientHello the stream starts with, once it holds it whole.
    func clientHello() -> TLSClientHello? {
        let prefix = contiguousPrefix()
        guard prefix.count >= 4, prefix[0] == 1 else { return nil }
        let length = Int(prefix[1]) << 16 | Int(prefix[2]) << 8 | Int(prefix[3])
        guard prefix.count >= 4 + length else { return nil }
        return prefix.withUnsafeBytes { TLSClientHello.parse(UnsafeRawBufferPointer(rebasing: $0[4..<(4 + length)])) }
    }
}
