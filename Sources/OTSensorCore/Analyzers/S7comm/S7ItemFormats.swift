#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The three renderings of an S7 item in `data_info` (LOGS.md §6.15): an
/// S7ANY address (format A), a value (format V) and a VarTab request item
/// (format T). Each reads from `bytes` at `offset`; a nil result with
/// `isTruncated` set means the item ran past the PDU.
struct S7ItemFormats {
    let bytes: UnsafeRawBufferPointer
    private(set) var isTruncated = false

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Format A: `<area> <DB>.DBX <byte>.<bit> <transport size> <length>`, e.g.
    /// `Data Blocks (DB) 1.DBX 0.0 Byte 10`. Only the S7ANY syntax (0x10) has
    /// this layout; other address syntaxes give nil. A zero length gives nil.
    mutating func address(at offset: Int) -> String? {
        var cursor = ByteCursor(bytes, offset: offset)
        guard cursor.skip(2), let syntax = cursor.readUInt8(), let size = cursor.readUInt8(),
              let length = cursor.readUInt16BE() else { return truncated() }
        guard syntax == 0x10, length > 0 else { return nil }
        guard let block = cursor.readUInt16BE(), let area = cursor.readUInt8(), let high = cursor.readUInt8(),
              let low = cursor.readUInt16BE() else { return truncated() }
        let bitAddress = UInt32(high) << 16 | UInt32(low)
        return "\(S7Names.area(area)) \(block).DBX \(bitAddress / 8).\(bitAddress % 8) "
            + "\(S7Names.itemTransportSize(size)) \(length)"
    }

    /// Format V: `<data transport size> <value>`; an empty value leaves the
    /// trailing space (`Null `). REAL is the IEEE-754 value with six decimals
    /// (the plugin's `0.000000` defect is not kept: ARCHITECTURE.md decision 12).
    mutating func value(at offset: Int) -> String? {
        var cursor = ByteCursor(bytes, offset: offset)
        guard cursor.skip(1), let size = cursor.readUInt8(), let length = cursor.readUInt16BE() else {
            return truncated()
        }
        let count = Self.valueByteCount(size: size, length: Int(length))
        guard let value = cursor.readBytes(count) else { return truncated() }
        return "\(S7Names.dataTransportSize(size)) \(count == 0 ? "" : Self.render(value, size: size))"
    }

    /// Format T: `<vartab area> <start address>.<DB> <repetition factor>`.
    mutating func vartabItem(at offset: Int) -> String? {
        var cursor = ByteCursor(bytes, offset: offset)
        guard let area = cursor.readUInt8(), let repetition = cursor.readUInt8(), let block = cursor.readUInt16BE(),
              let start = cursor.readUInt16BE() else { return truncated() }
        return "\(S7Names.vartabArea(area)) \(start).\(block) \(repetition)"
    }

    private mutating func truncated() -> String? {
        isTruncated = true
        return nil
    }

    /// BYTE/WORD/DWORD, INTEGER and DINT count their length in bits; REAL,
    /// octet strings and the rest in bytes (as the PLCs send them).
    private static func valueByteCount(size: UInt8, length: Int) -> Int {
        switch size {
        case 4, 5, 6: length / 8
        default: length
        }
    }

    private static func render(_ value: UnsafeRawBufferPointer, size: UInt8) -> String {
        switch size {
        case 5 where value.count <= 8, 6 where value.count <= 8:
            return String(value.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        case 7 where value.count == 4:
            let bits = value.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return fixedSixDecimals(Double(Float(bitPattern: bits)))
        default:
            return hex(value)
        }
    }

    /// `0x` and two lower-case hex digits per byte.
    static func hex(_ value: UnsafeRawBufferPointer) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [0x30, 0x78]
        text.reserveCapacity(2 + value.count * 2)
        for byte in value {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// C's `%f`, as the plugin's `fmt("%f")` prints (`nan`, `inf` included).
    static func fixedSixDecimals(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            _ = withVaList([value]) { vsnprintf(buffer.baseAddress, buffer.count, "%f", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }
}
