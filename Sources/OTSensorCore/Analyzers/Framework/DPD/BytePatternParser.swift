/// A parsed pattern.
indirect enum PatternNode {
    case bytes(ByteClass)
    case sequence([PatternNode])
    case alternatives([PatternNode])
    /// `node` at least `minimum` and at most `maximum` (nil: unbounded) times.
    case repeated(PatternNode, minimum: Int, maximum: Int?)
}

/// Reads the flex-style syntax of Zeek's signature patterns: literals,
/// `\xHH` and the usual escapes, `.`, bracket classes with ranges and
/// `[:space:]`-style names, groups, `|`, and the `* + ? {m} {m,} {m,n}`
/// repetitions. A leading `^` is accepted: patterns are anchored anyway.
/// `$` is accepted and never matches, as in Zeek's signature engine.
struct BytePatternParser {
    private let text: [UInt8]
    private var position = 0

    /// Bounded repetitions are unrolled; this keeps a pattern's NFA small.
    static let maximumRepetition = 1024

    init(_ text: [UInt8]) { self.text = text }

    mutating func parseWhole() throws(BytePatternError) -> PatternNode {
        if peek == UInt8(ascii: "^") { position += 1 }
        let node = try parseAlternatives()
        guard position == text.count else { throw failure("unexpected \")\"") }
        return node
    }

    private var peek: UInt8? { position < text.count ? text[position] : nil }

    private func failure(_ what: String) -> BytePatternError {
        BytePatternError(message: "pattern /\(String(decoding: text, as: UTF8.self))/ at \(position): \(what)")
    }

    private mutating func parseAlternatives() throws(BytePatternError) -> PatternNode {
        var branches = [try parseSequence()]
        while peek == UInt8(ascii: "|") {
            position += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternatives(branches)
    }

    private mutating func parseSequence() throws(BytePatternError) -> PatternNode {
        var items: [PatternNode] = []
        while let byte = peek, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
            items.append(try parseRepetitions(try parseAtom()))
        }
        return .sequence(items)
    }

    private mutating func parseRepetitions(_ atom: PatternNode) throws(BytePatternError) -> PatternNode {
        var node = atom
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "*"): node = .repeated(node, minimum: 0, maximum: nil)
            case UInt8(ascii: "+"): node = .repeated(node, minimum: 1, maximum: nil)
            case UInt8(ascii: "?"): node = .repeated(node, minimum: 0, maximum: 1)
            case UInt8(ascii: "{"):
                position += 1
                let minimum = try parseCount()
                var maximum: Int? = minimum
                if peek == UInt8(ascii: ",") {
                    position += 1
                    maximum = peek == UInt8(ascii: "}") ? nil : try parseCount()
                }
                guard peek == UInt8(ascii: "}") else { throw failure("unterminated {}") }
                if let maximum, maximum < minimum { throw failure("repetition bounds reversed") }
                node = .repeated(node, minimum: minimum, maximum: maximum)
            default: return node
            }
            position += 1
        }
        return node
    }

    private mutating func parseCount() throws(BytePatternError) -> Int {
        var value = 0, digits = 0
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            position += 1
            guard value <= Self.maximumRepetition else { throw failure("repetition too large") }
        }
        guard digits > 0 else { throw failure("expected a count") }
        return value
    }

    private mutating func parseAtom() throws(BytePatternError) -> PatternNode {
        guard let byte = peek else { throw failure("unexpected end") }
        position += 1
        switch byte {
        case UInt8(ascii: "("):
            let inner = try parseAlternatives()
            guard peek == UInt8(ascii: ")") else { throw failure("unbalanced (") }
            position += 1
            return inner
        case UInt8(ascii: "["): return .bytes(try parseClass())
        case UInt8(ascii: "."): return .bytes(.any)
        case UInt8(ascii: "\\"): return .bytes(ByteClass(try parseEscape()))
        // The end of the input: Zeek's signature engine never feeds its
        // end-of-line symbol (`Match(..., eol = false)`), so `$` never matches.
        case UInt8(ascii: "$"): return .bytes(ByteClass())
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
            throw failure("repetition of nothing")
        default: return .bytes(ByteClass(byte))
        }
    }

    /// The byte after a backslash: `\xHH`, `\n`, `\r`, `\t`, or the character itself.
    private mutating func parseEscape() throws(BytePatternError) -> UInt8 {
        guard let byte = peek else { throw failure("trailing backslash") }
        position += 1
        switch byte {
        case UInt8(ascii: "x"):
            guard position + 2 <= text.count, let high = Self.hexValue(text[position]),
                  let low = Self.hexValue(text[position + 1]) else { throw failure("bad \\x escape") }
            position += 2
            return high << 4 | low
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return byte
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A bracket class after its `[`.
    private mutating func parseClass() throws(BytePatternError) -> ByteClass {
        var set = ByteClass()
        let negated = peek == UInt8(ascii: "^")
        if negated { position += 1 }
        var first = true
        while true {
            guard let byte = peek else { throw failure("unterminated [") }
            if byte == UInt8(ascii: "]") && !first { position += 1; break }
            first = false
            if byte == UInt8(ascii: "["), position + 1 < text.count, text[position + 1] == UInt8(ascii: ":") {
                try parseNamedClass(into: &set)
                continue
            }
            let low = try parseClassByte()
            if peek == UInt8(ascii: "-"), position + 1 < text.count, text[position + 1] != UInt8(ascii: "]") {
                position += 1
                let high = try parseClassByte()
                guard low <= high else { throw failure("class range reversed") }
                set.insert(low...high)
            } else {
                set.insert(low)
            }
        }
        return negated ? ByteClass(negating: set) : set
    }

    private mutating func parseClassByte() throws(BytePatternError) -> UInt8 {
        guard let byte = peek else { throw failure("unterminated [") }
        position += 1
        return byte == UInt8(ascii: "\\") ? try parseEscape() : byte
    }

    /// `[:space:]` and its kin, with C's `isspace`-style meanings.
    private mutating func parseNamedClass(into set: inout ByteClass) throws(BytePatternError) {
        let start = position + 2
        guard let end = text[start...].firstIndex(of: UInt8(ascii: ":")), end + 1 < text.count,
              text[end + 1] == UInt8(ascii: "]") else { throw failure("unterminated [:") }
        let name = String(decoding: text[start..<end], as: UTF8.self)
        position = end + 2
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let upper = UInt8(ascii: "A")...UInt8(ascii: "Z"), lower = UInt8(ascii: "a")...UInt8(ascii: "z")
        switch name {
        case "space": for byte: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { set.insert(byte) }
        case "blank": set.insert(0x20); set.insert(0x09)
        case "digit": set.insert(digits)
        case "upper": set.insert(upper)
        case "lower": set.insert(lower)
        case "alpha": set.insert(upper); set.insert(lower)
        case "alnum": set.insert(upper); set.insert(lower); set.insert(digits)
        case "xdigit":
            set.insert(digits)
            set.insert(UInt8(ascii: "a")...UInt8(ascii: "f"))
            set.insert(UInt8(ascii: "A")...UInt8(ascii: "F"))
        case "print": set.insert(0x20...0x7E)
        case "punct":
            for byte in UInt8(0x21)...0x7E where !digits.contains(byte) && !upper.contains(byte)
                && !lower.contains(byte) { set.insert(byte) }
        default: throw failure("unknown class [:\(name):]")
        }
    }
}

/// Emits a parsed pattern as NFA instructions.
struct BytePatternCompiler {
    var program: [BytePattern.Instruction] = []
    var classes: [ByteClass] = []

    mutating func emit(_ node: PatternNode) {
        switch node {
        case .bytes(let set):
            let index = classes.firstIndex(of: set) ?? { classes.append(set); return classes.count - 1 }()
            program.append(.init(operation: .byte, operand: Int32(index)))
        case .sequence(let items):
            for item in items { emit(item) }
        case .alternatives(let branches):
            var jumps: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = program.count
                    program.append(.init(operation: .split, operand: Int32(split + 1)))
                    emit(branch)
                    jumps.append(program.count)
                    program.append(.init(operation: .jump, operand: 0))
                    program[split].alternative = Int32(program.count)
                } else {
                    emit(branch)
                }
            }
            for jump in jumps { program[jump].operand = Int32(program.count) }
        case .repeated(let inner, let minimum, let maximum):
            for _ in 0..<minimum { emit(inner) }
            if let maximum {
                // Each optional copy may skip straight past the remaining ones.
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    program.append(.init(operation: .split, operand: Int32(program.count + 1)))
                    emit(inner)
                }
                for split in splits { program[split].alternative = Int32(program.count) }
            } else {
                let split = program.count
                program.append(.init(operation: .split, operand: Int32(split + 1)))
                emit(inner)
                program.append(.init(operation: .jump, operand: Int32(split)))
                program[split].alternative = Int32(program.count)
            }
        }
    }
}
