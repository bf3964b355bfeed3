/// `byte_test`, `byte_jump`, `byte_extract` (detect-bytetest.c,
/// detect-bytejump.c, detect-byte-extract.c): read a number from the buffer
/// and compare it, move the cursor by it, or keep it for later keywords.
public struct ByteRead: Sendable, Equatable {
    public var count: Int
    public var offset: IntOrVariable
    public var relative = false
    public var littleEndian = false
    /// `string,dec|hex|oct`: the bytes are digits in this base.
    public var stringBase: Int?
    public var bitmask: UInt64?

    /// The number at the read position, and the position after it.
    func read(_ buffer: UnsafeRawBufferPointer, previousEnd: Int, variables: ExtractedValues) -> (UInt64, Int)? {
        let start = (relative ? previousEnd : 0) + offset.resolve(variables)
        // A string of nbytes 0 is read to the end of the buffer (at most 23 digits).
        let count = self.count == 0 && stringBase != nil ? min(23, buffer.count - start) : self.count
        guard start >= 0, start + count <= buffer.count, count > 0 || stringBase == nil else { return nil }
        var value: UInt64 = 0
        if let base = stringBase {
            for i in 0..<count {
                guard let digit = ContentMatch.hexValue(buffer[start + i]).map(Int.init), digit < base else {
                    // Suricata converts the longest valid prefix, and needs at least one digit.
                    if i == 0 { return nil }
                    break
                }
                let (m, o1) = value.multipliedReportingOverflow(by: UInt64(base))
                let (s, o2) = m.addingReportingOverflow(UInt64(digit))
                guard !o1, !o2 else { return nil }
                value = s
            }
        } else {
            for i in 0..<count {
                let b = UInt64(buffer[start + (littleEndian ? count - 1 - i : i)])
                value = value << 8 | b
            }
        }
        if let mask = bitmask {
            value &= mask
            if mask != 0 { value >>= UInt64(mask.trailingZeroBitCount) }
        }
        return (value, start + count)
    }

    /// Parses the options shared by all three keywords (`relative`, `big`,
    /// `little`, `string`, `hex`/`dec`/`oct`, `bitmask`, `dce`) and returns
    /// the ones it did not know, for the keyword's own.
    mutating func parseCommon(_ items: [String]) throws(RuleError) -> [String] {
        var rest: [String] = []
        for item in items {
            let words = item.split(separator: " ").map(String.init)
            switch words.first ?? "" {
            case "relative": relative = true
            case "big": littleEndian = false
            case "little": littleEndian = true
            case "string": stringBase = stringBase ?? 10
            case "hex": stringBase = 16
            case "dec": stringBase = 10
            case "oct": stringBase = 8
            case "dce": littleEndian = true
            case "bitmask":
                guard words.count == 2, let mask = Self.number(words[1]) else { throw RuleError("bad bitmask \(item)") }
                bitmask = mask
            default: rest.append(item)
            }
        }
        // As Suricata: 0 is accepted (nothing is read, or a string to the end).
        if stringBase == nil {
            guard (0...8).contains(count) else { throw RuleError("byte count \(count) must be 0 to 8") }
        } else {
            guard (0...23).contains(count) else { throw RuleError("string byte count \(count) must be 0 to 23") }
        }
        return rest
    }

    static func number(_ text: String) -> UInt64? {
        let t = text.trimmingSpaces
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }
}

public struct ByteTest: Sendable {
    public enum Operator: Sendable { case less, greater, equal, lessOrEqual, greaterOrEqual, and, xor }
    public var read: ByteRead
    public var op: Operator
    public var negated: Bool
    public var value: IntOrVariable
    var relative: Bool { read.relative }

    static func parse(_ raw: String, variables: [String]) throws(RuleError) -> ByteTest {
        let items = raw.split(separator: ",").map { String($0).trimmingSpaces }
        guard items.count >= 4, let count = Int(items[0]) else { throw RuleError("byte_test needs nbytes, op, value, offset") }
        var opText = items[1].replacingSpaces
        var negated = false
        if opText.hasPrefix("!") {
            negated = true
            opText.removeFirst()
        }
        let op: Operator
        switch opText {
        case "<": op = .less
        case ">": op = .greater
        case "=", "": op = .equal
        case "<=": op = .lessOrEqual
        case ">=": op = .greaterOrEqual
        case "&": op = .and
        case "^": op = .xor
        default: throw RuleError("bad byte_test operator \(items[1])")
        }
        let value = try Parse.intOrVariable(items[2], variables: variables, allowNegative: false)
        var read = ByteRead(count: count, offset: try Parse.intOrVariable(items[3], variables: variables))
        let rest = try read.parseCommon(Array(items.dropFirst(4)))
        guard rest.isEmpty else { throw RuleError("unknown byte_test option \(rest[0])") }
        return ByteTest(read: read, op: op, negated: negated, value: value)
    }

    func matches(_ buffer: UnsafeRawBufferPointer, previousEnd: Int, variables: ExtractedValues) -> Bool {
        guard let (value, _) = read.read(buffer, previousEnd: previousEnd, variables: variables) else { return false }
        let operand = UInt64(truncatingIfNeeded: self.value.resolve(variables))
        let result: Bool
        switch op {
        case .less: result = value < operand
        case .greater: result = value > operand
        case .equal: result = value == operand
        case .lessOrEqual: result = value <= operand
        case .greaterOrEqual: result = value >= operand
        case .and: result = value & operand != 0
        case .xor: result = value ^ operand != 0
        }
        return result != negated
    }
}

public struct ByteJump: Sendable {
    public var read: ByteRead
    public var multiplier: UInt64 = 1
    public var postOffset = 0
    public var align = false
    public var fromBeginning = false
    public var fromEnd = false
    var relative: Bool { read.relative }

    static func parse(_ raw: String, variables: [String]) throws(RuleError) -> ByteJump {
        let items = raw.split(separator: ",").map { String($0).trimmingSpaces }
        guard items.count >= 2, let count = Int(items[0]) else { throw RuleError("byte_jump needs nbytes, offset") }
        var jump = ByteJump(read: ByteRead(count: count, offset: try Parse.intOrVariable(items[1], variables: variables)))
        for item in try jump.read.parseCommon(Array(items.dropFirst(2))) {
            let words = item.split(separator: " ").map(String.init)
            switch words[0] {
            case "align": jump.align = true
            case "from_beginning": jump.fromBeginning = true
            case "from_end": jump.fromEnd = true
            case "multiplier":
                guard words.count == 2, let m = UInt64(words[1]), m > 0 else { throw RuleError("bad multiplier \(item)") }
                jump.multiplier = m
            case "post_offset":
                guard words.count == 2, let p = Int(words[1]) else { throw RuleError("bad post_offset \(item)") }
                jump.postOffset = p
            default: throw RuleError("unknown byte_jump option \(item)")
            }
        }
        return jump
    }

    /// The position the cursor jumps to, or nil when it leaves the buffer.
    func target(_ buffer: UnsafeRawBufferPointer, previousEnd: Int, variables: ExtractedValues) -> Int? {
        guard let (raw, after) = read.read(buffer, previousEnd: previousEnd, variables: variables) else { return nil }
        var value = raw.multipliedReportingOverflow(by: multiplier).partialValue
        if align { value = (value &+ 3) & ~3 }
        guard value < UInt64(Int32.max) else { return nil }
        let jump = Int(value)
        var position: Int
        if fromBeginning {
            position = jump + postOffset
        } else if fromEnd {
            position = buffer.count + jump + postOffset
        } else {
            position = after + jump + postOffset
        }
        if position < 0 { position = 0 }
        return position < buffer.count ? position : nil
    }
}

public struct ByteExtract: Sendable {
    public var read: ByteRead
    public var multiplier: UInt64 = 1
    public var align: UInt64 = 0
    /// Index of the rule's variable it writes.
    public var variable: Int
    var relative: Bool { read.relative }

    static func parse(_ raw: String, variables: inout [String]) throws(RuleError) -> ByteExtract {
        let items = raw.split(separator: ",").map { String($0).trimmingSpaces }
        guard items.count >= 3, let count = Int(items[0]), let offset = Int(items[1]) else {
            throw RuleError("byte_extract needs nbytes, offset, name")
        }
        let name = items[2]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw RuleError("bad byte_extract name \(name)")
        }
        guard variables.count < ExtractedValues.capacity else { throw RuleError("too many byte_extract variables") }
        var extract = ByteExtract(read: ByteRead(count: count, offset: .value(offset)), variable: variables.count)
        variables.append(name)
        for item in try extract.read.parseCommon(Array(items.dropFirst(3))) {
            let words = item.split(separator: " ").map(String.init)
            switch words[0] {
            case "multiplier":
                guard words.count == 2, let m = UInt64(words[1]), m > 0 else { throw RuleError("bad multiplier \(item)") }
                extract.multiplier = m
            case "align":
                guard words.count == 2, let a = UInt64(words[1]), a == 2 || a == 4 else { throw RuleError("bad align \(item)") }
                extract.align = a
            default: throw RuleError("unknown byte_extract option \(item)")
            }
        }
        return extract
    }

    /// Stores the value; returns the position after the bytes read.
    func extract(_ buffer: UnsafeRawBufferPointer, previousEnd: Int, variables: inout ExtractedValues) -> Int? {
        guard let (raw, after) = read.read(buffer, previousEnd: previousEnd, variables: variables) else { return nil }
        var value = raw.multipliedReportingOverflow(by: multiplier).partialValue
        if align > 0, value % align != 0 { value = value + align - value % align }
        variables[variable] = value
        return after
    }
}

/// `isdataat` (detect-isdataat.c): is there a byte at this position?
public struct IsDataAt: Sendable {
    public var position: IntOrVariable
    public var relative: Bool
    public var negated: Bool

    static func parse(_ raw: String, variables: [String]) throws(RuleError) -> IsDataAt {
        let items = raw.split(separator: ",").map { String($0).trimmingSpaces }
        guard let first = items.first, !first.isEmpty else { throw RuleError("isdataat needs a position") }
        let negated = first.hasPrefix("!")
        let position = try Parse.intOrVariable(negated ? String(first.dropFirst()) : first, variables: variables,
                                               allowNegative: false)
        var relative = false
        for item in items.dropFirst() {
            switch item {
            case "relative": relative = true
            case "rawbytes": break
            default: throw RuleError("unknown isdataat option \(item)")
            }
        }
        return IsDataAt(position: position, relative: relative, negated: negated)
    }

    func matches(_ buffer: UnsafeRawBufferPointer, previousEnd: Int, variables: ExtractedValues) -> Bool {
        let at = (relative ? previousEnd : 0) + position.resolve(variables)
        return (at < buffer.count) != negated
    }
}

/// Number parsing shared by the keyword families.
enum Parse {
    static func intOrVariable(_ text: String, variables: [String], allowNegative: Bool = true) throws(RuleError) -> IntOrVariable {
        let t = text.trimmingSpaces
        if let v = Int(t) {
            guard allowNegative || v >= 0 else { throw RuleError("\(t) must not be negative") }
            return .value(v)
        }
        if let v = ByteRead.number(t), v <= UInt64(Int.max) { return .value(Int(v)) }
        if let index = variables.firstIndex(of: t) { return .variable(index) }
        throw RuleError("\(t) is neither a number nor a byte_extract variable")
    }
}
