/// conn.log's `uid`: 'C' and the base-62 rendering of 96 bits, in Zeek's shape
/// (two words, least significant digit first), derived from the slice and the
/// connection instead of a random generator so that output is reproducible.
public enum ConnectionUID {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    /// The uid of the connection with canonical `key` that started at `start`
    /// in the slice identified by `sliceSeed`. `unique` must differ between the
    /// slice's connections: the second word is a bijective mix of it, so two
    /// connections never share a uid.
    public static func make(sliceSeed: UInt64, key: FlowKey, start: Timestamp, unique: UInt64) -> [UInt8] {
        render(words(sliceSeed: sliceSeed, key: key, start: start, unique: unique))
    }

    /// The two numbers a uid prints: what a connection carried into later
    /// slices keeps, so that it is written there with the uid of its first slice.
    public static func words(sliceSeed: UInt64, key: FlowKey, start: Timestamp, unique: UInt64) -> Words {
        Words(first: StableHash.mix(StableHash.mix(sliceSeed ^ key.stableHash) ^ UInt64(bitPattern: start.nanoseconds)),
              second: StableHash.mix(StableHash.mix(sliceSeed) ^ unique))
    }

    public struct Words: Hashable, Sendable {
        public var first: UInt64
        public var second: UInt64
    }

    /// The uid text; `prefix` 'F' gives the shape of a file's id (fuid).
    public static func render(_ words: Words, prefix: UInt8 = UInt8(ascii: "C")) -> [UInt8] {
        var text: [UInt8] = [prefix]
        text.reserveCapacity(18)
        append(words.first >> 32, minimumDigits: 5, to: &text)
        append(words.second, minimumDigits: 11, to: &text)
        return text
    }

    /// Least significant digit first, as Zeek; short values are padded with
    /// zero digits so every uid has 16 or 17 characters after the 'C', and the
    /// fixed-width second word keeps distinct values distinct.
    private static func append(_ value: UInt64, minimumDigits: Int, to text: inout [UInt8]) {
        var v = value
        var digits = 0
        repeat {
            text.append(alphabet[Int(v % 62)])
            v /= 62
            digits += 1
        } while v > 0 || digits < minimumDigits
    }
}
