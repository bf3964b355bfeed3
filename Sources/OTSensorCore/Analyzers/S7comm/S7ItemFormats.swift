#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The three renderings of an S7 item in `data_info` (LOGS.md §6.15): an
/// S7ANY address (format A), a value (format V) and a VarTab request item
/// (format T). Each reads from `bytes` at `offset` and adds its text as an
/// element of `data_info`; when the item runs past the PDU, nothing is added and
/// `isTruncated` is set.
struct S7ItemFormats {
    let bytes: UnsafeRawBufferPointer
    private(set) var isTruncated = false

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Format A: `<area> <DB>.DBX <byte>.<bit> <transport size> <length>`, e.g.
    /// `Data Blocks (DB) 1.DBX 0.0 Byte 10`. Only the S7ANY syntax (0x10) has
    /// this layout; other address syntaxes add nothing, nor does a zero length.
    mutating func address(at offset: Int, into columns: inout S7RowColumns) {
        var cursor = ByteCursor(bytes, offset: offset)
        guard cursor.skip(2), let syntax = cursor.readUInt8(), let size = cursor.readUInt8(),
              let length = cursor.readUInt16BE() else { return isTruncated = true }
        guard syntax == 0x10, length > 0 else { return }
        guard let block = cursor.readUInt16BE(), let area = cursor.readUInt8(), let high = cursor.readUInt8(),
              let low = cursor.readUInt16BE() else { return isTruncated = true }
        let bitAddress = UInt32(high) << 16 | UInt32(low)
        let names = columns.names
        columns.dataInfo { text in
            names.area.append(area, to: &text)
            text.append(0x20)
            text.append(decimal: block)
            LogText.append(".DBX ", to: &text)
            text.append(decimal: bitAddress / 8)
            text.append(0x2E)
            text.append(decimal: bitAddress % 8)
            text.append(0x20)
            names.itemTransportSize.append(size, to: &text)
            text.append(0x20)
            text.append(decimal: length)
        }
    }

    /// Format V: `<data transport size> <value>`; an empty value leaves the
    /// trailing space (`Null `). REAL is the IEEE-754 value with six decimals
    /// (the plugin's `0.000000` defect is not kept: ARCHITECTURE.md decision 12).
    /// With process values redacted the value is its type and length instead
    /// (`Real Real[1]`).
    mutating func value(at offset: Int, into columns: inout S7RowColumns) {
        var cursor = ByteCursor(bytes, offset: offset)
        guard cursor.skip(1), let size = cursor.readUInt8(), let length = cursor.readUInt16BE() else {
            return isTruncated = true
        }
        let count = Self.valueByteCount(size: size, length: Int(length))
        guard let value = cursor.readBytes(count) else { return isTruncated = true }
        let names = columns.names, redacts = columns.processValues == .redact
        columns.dataInfo { text in
            names.dataTransportSize.append(size, to: &text)
            text.append(0x20)
            guard count > 0 else { return }
            if redacts {
                Self.renderShape(byteCount: count, size: size, to: &text)
            } else {
                Self.render(value, size: size, to: &text)
            }
        }
    }

    /// Format T: `<vartab area> <start address>.<DB> <repetition factor>`.
    mutating func vartabItem(at offset: Int, into columns: inout S7RowColumns) {
        var cursor = ByteCursor(bytes, offset: offset)
        guard let area = cursor.readUInt8(), let repetition = cursor.readUInt8(), let block = cursor.readUInt16BE(),
              let start = cursor.readUInt16BE() else { return isTruncated = true }
        let names = columns.names
        columns.dataInfo { text in
            names.vartabArea.append(area, to: &text)
            text.append(0x20)
            text.append(decimal: start)
            text.append(0x2E)
            text.append(decimal: block)
            text.append(0x20)
            text.append(decimal: repetition)
        }
    }

    /// BYTE/WORD/DWORD, INTEGER and DINT count their length in bits; REAL,
    /// octet strings and the rest in bytes (as the PLCs send them).
    private static func valueByteCount(size: UInt8, length: Int) -> Int {
        switch size {
        case 4, 5, 6: length / 8
        default: length
        }
    }

    /// A value's type and element count, never its bytes: `Real[1]` for one
    /// REAL, `Int[2]`, `DInt[1]`, and `Byte[n]` for bytes, words, strings and
    /// anything whose length is not a whole number of its elements.
    private static func renderShape(byteCount: Int, size: UInt8, to text: inout some ByteSink) {
        switch size {
        case 7 where byteCount % 4 == 0:
            LogText.append("Real[", to: &text)
            text.append(decimal: byteCount / 4)
        case 6 where byteCount % 4 == 0:
            LogText.append("DInt[", to: &text)
            text.append(decimal: byteCount / 4)
        case 5 where byteCount % 2 == 0:
            LogText.append("Int[", to: &text)
            text.append(decimal: byteCount / 2)
        default:
            LogText.append("Byte[", to: &text)
            text.append(decimal: byteCount)
        }
        text.append(0x5D)
    }

    private static func render(_ value: UnsafeRawBufferPointer, size: UInt8, to text: inout some ByteSink) {
        switch size {
        case 5 where value.count <= 8, 6 where value.count <= 8:
            text.append(decimal: value.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        case 7 where value.count == 4:
            let bits = value.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            appendFixedSixDecimals(Double(Float(bitPattern: bits)), to: &text)
        default:
            LogText.append("0x", to: &text)
            for byte in value {
                text.append(LogText.hexDigit(byte >> 4))
                text.append(LogText.hexDigit(byte & 0x0F))
            }
        }
    }

    /// `value` as `digits` lower-case hex digits, zero-padded (`0x` not included).
    static func appendHex(_ value: UInt16, digits: Int, to text: inout some ByteSink) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            text.append(LogText.hexDigit(UInt8(truncatingIfNeeded: value >> UInt16(shift)) & 0x0F))
        }
    }

    /// C's `%f`, as the plugin's `fmt("%f")` prints (`nan`, `inf` included).
    ///
    /// A REAL is a `Float`: its 24-bit significand times 10^6 needs at most 38
    /// bits, so below 10^12 the scaled value is exact in a `Double` and rounding
    /// it half-to-even is exactly glibc's rounding of the decimal expansion.
    /// Larger and non-finite values take `vsnprintf` itself.
    static func appendFixedSixDecimals(_ value: Double, to text: inout some ByteSink) {
        guard value.magnitude < 1e12 else { return appendWithPrintf(value, to: &text) }
        let micros = UInt64((value.magnitude * 1e6).rounded(.toNearestOrEven))
        if value.sign == .minus { text.append(0x2D) }
        text.append(decimal: micros / 1_000_000)
        text.append(0x2E)
        let fraction = micros % 1_000_000
        var divisor: UInt64 = 100_000
        while divisor > 0 {
            text.append(0x30 + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    private static func appendWithPrintf(_ value: Double, to text: inout some ByteSink) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            let written = withVaList([value]) { vsnprintf(buffer.baseAddress, buffer.count, "%f", $0) }
            let length = max(0, min(Int(written), buffer.count - 1))
            text.append(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<length]))
        }
    }
}
