import Foundation
import XCTest
@testable import OTSensorCore

/// Encodes one row of a throw-away schema and returns it as text.
func encodeLogRow(_ fields: [LogField], format: LogFormat = .zeekTSV, _ body: (inout RowEncoder) -> Void) -> String {
    var encoder = RowEncoder(schema: LogSchema(path: "test", fields: fields, osectFraming: .z8), format: format)
    encoder.beginRow()
    body(&encoder)
    encoder.endRow()
    return String(decoding: encoder.bytes, as: UTF8.self)
}

/// Encodes a one-column row and returns the text without the line end.
func encodeLogField(_ type: ZeekType, format: LogFormat = .zeekTSV, _ body: (inout RowEncoder) -> Void) -> String {
    String(encodeLogRow([LogField(name: "f", type: type)], format: format, body).dropLast())
}

func zeekLogType(named name: String) -> ZeekType? {
    switch name {
    case "time": return .time
    case "interval": return .interval
    case "count": return .count
    case "int": return .int
    case "port": return .port
    case "addr": return .addr
    case "string": return .string
    case "enum": return .enumeration
    case "bool": return .bool
    case "double": return .double
    default:
        for (prefix, make) in [("set[", ZeekType.set), ("vector[", ZeekType.vector)] where name.hasPrefix(prefix) {
            return zeekLogType(named: String(name.dropFirst(prefix.count).dropLast())).map(make)
        }
        return nil
    }
}

/// A value read back from a Zeek TSV field, so that a real log row can be fed
/// through the encoder value by value.
enum ParsedZeekValue {
    case unset
    case time(Timestamp)
    case interval(Duration)
    case count(UInt64)
    case int(Int64)
    case port(UInt16)
    case addr(IPAddress)
    case text([UInt8])
    case bool(Bool)
    case double(Double)
    case textElements([[UInt8]])
    case counts([UInt64])
    case intervals([Duration])

    /// Parses one TSV field of the given type (the inverse of §3.3/§3.4).
    init(tsv field: Substring, type: ZeekType) throws {
        if field == "-" {
            self = .unset
            return
        }
        switch type {
        case .time where field == btestMaskedTime: self = .time(btestStandInTime)
        case .time: self = .time(Timestamp(nanoseconds: try Self.nanoseconds(field)))
        case .interval: self = .interval(Duration(nanoseconds: try Self.nanoseconds(field)))
        case .count: self = .count(try XCTUnwrap(UInt64(field)))
        case .int: self = .int(try XCTUnwrap(Int64(field)))
        case .port: self = .port(try XCTUnwrap(UInt16(field)))
        case .addr: self = .addr(try XCTUnwrap(IPAddress(field)))
        case .string, .enumeration: self = .text(field == "(empty)" ? [] : Self.unescape(field))
        case .bool: self = .bool(field == "T")
        case .double: self = .double(try XCTUnwrap(Double(field)))
        case .set(let element), .vector(let element):
            let items = field == "(empty)" ? [] : field.split(separator: ",", omittingEmptySubsequences: false)
            switch element {
            case .count: self = .counts(try items.map { try XCTUnwrap(UInt64($0)) })
            case .interval: self = .intervals(try items.map { Duration(nanoseconds: try Self.nanoseconds($0)) })
            default: self = .textElements(items.map { $0 == "(empty)" ? [] : Self.unescape($0) })
            }
        }
    }

    /// Encodes the value into the encoder's next column, whose type is `type`.
    func encode(as type: ZeekType, into encoder: inout RowEncoder) {
        switch self {
        case .unset: encoder.unset()
        case .time(let value): encoder.time(value)
        case .interval(let value): encoder.interval(value)
        case .count(let value): encoder.count(value)
        case .int(let value): encoder.int(value)
        case .port(let value): encoder.port(value)
        case .addr(let value): encoder.addr(value)
        case .text(let bytes): type == .enumeration ? encoder.enumValue(bytes) : encoder.string(bytes)
        case .bool(let value): encoder.bool(value)
        case .double(let value): encoder.double(value)
        case .counts(let values): encoder.countVector(values)
        case .intervals(let values): encoder.intervalVector(values)
        case .textElements(let elements):
            switch type {
            case .set(.enumeration): encoder.enumSet(elements)
            case .set: encoder.stringSet(elements)
            default: encoder.stringVector(elements)
            }
        }
    }

    private static func nanoseconds(_ text: Substring) throws -> Int64 {
        let negative = text.hasPrefix("-")
        let parts = text.drop(while: { $0 == "-" }).split(separator: ".")
        let seconds = try XCTUnwrap(Int64(parts[0]))
        let micros = parts.count > 1 ? try XCTUnwrap(Int64(parts[1].padding(toLength: 6, withPad: "0", startingAt: 0))) : 0
        let value = seconds * 1_000_000_000 + micros * 1_000
        return negative ? -value : value
    }

    /// `\xNN` and `\\` back to bytes.
    private static func unescape(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x5C, index + 1 < bytes.count {
                if bytes[index + 1] == 0x5C {
                    out.append(0x5C)
                    index += 2
                    continue
                }
                if bytes[index + 1] == 0x78, index + 3 < bytes.count,
                   let value = UInt8(String(decoding: bytes[index + 2...index + 3], as: UTF8.self), radix: 16) {
                    out.append(value)
                    index += 4
                    continue
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }
}

/// The schema and rows of a Zeek TSV file (btest baseline or real log).
struct ZeekBaselineLog {
    let fields: [LogField]
    let lines: [Substring]
    let rows: [[Substring]]

    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = Array(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast())
        self.lines = lines
        func headerValues(_ name: String) throws -> [Substring] {
            let line = try XCTUnwrap(lines.first { $0.hasPrefix(name + "\t") }, "no \(name) line in \(url.path)")
            return Array(line.split(separator: "\t", omittingEmptySubsequences: false).dropFirst())
        }
        let names = try headerValues("#fields"), types = try headerValues("#types")
        fields = try zip(names, types).map { name, type in
            LogField(name: String(name), type: try XCTUnwrap(zeekLogType(named: String(type)), "unknown type \(type)"))
        }
        rows = lines.filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    }

    func parse(row: [Substring]) throws -> [ParsedZeekValue] {
        XCTAssertEqual(row.count, fields.count)
        return try zip(row, fields).map { try ParsedZeekValue(tsv: $0, type: $1.type) }
    }
}

/// btest replaces every `ts` with this mask; it parses as `btestStandInTime`, whose
/// text the tests mask again after encoding.
let btestMaskedTime = "XXXXXXXXXX.XXXXXX"
let btestStandInTime = Timestamp(seconds: 1_700_000_000, microseconds: 123_457)
let btestStandInTimeText = "1700000000.123457"
