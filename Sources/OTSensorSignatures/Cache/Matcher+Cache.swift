/// The cache form of what a rule inspects: its buffers and their chains of
/// matchers. A pcre is kept as its pattern and options and compiled again
/// when read (PCRE2 compiles ET Open's 4,500 patterns in ~20 ms; its JIT
/// ~90 ms, which a serialized pattern would not spare either).
extension BufferID: CacheCodable {
    func write(to out: inout CacheWriter) {
        switch self {
        case .payload: out.tag(0)
        case .app(let name): out.tag(1); out.string(name)
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        switch try input.integer(UInt8.self) {
        case 0: self = .payload
        case 1: self = .app(try input.string())
        case let other: throw CacheFormatError("buffer \(other)")
        }
    }
}

extension BufferInspection: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.value(buffer)
        out.array(matchers)
        out.optional(size) { $0.value($1) }
        out.bool(dotPrefix)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(buffer: try input.value(), matchers: try input.array(),
                  size: try input.optional { input throws(CacheFormatError) in try input.value() },
                  dotPrefix: try input.bool())
    }
}

extension Matcher: CacheCodable {
    func write(to out: inout CacheWriter) {
        switch self {
        case .content(let m): out.tag(0); out.value(m)
        case .pcre(let m): out.tag(1); out.value(m)
        case .byteTest(let m): out.tag(2); out.value(m)
        case .byteJump(let m): out.tag(3); out.value(m)
        case .byteExtract(let m): out.tag(4); out.value(m)
        case .isDataAt(let m): out.tag(5); out.value(m)
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        switch try input.integer(UInt8.self) {
        case 0: self = .content(try input.value())
        case 1: self = .pcre(try input.value())
        case 2: self = .byteTest(try input.value())
        case 3: self = .byteJump(try input.value())
        case 4: self = .byteExtract(try input.value())
        case 5: self = .isDataAt(try input.value())
        case let other: throw CacheFormatError("matcher \(other)")
        }
    }
}

extension IntOrVariable: CacheCodable {
    func write(to out: inout CacheWriter) {
        switch self {
        case .value(let v): out.tag(0); out.int(v)
        case .variable(let v): out.tag(1); out.int(v)
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        switch try input.integer(UInt8.self) {
        case 0: self = .value(try input.int())
        case 1:
            let index = try input.int()
            guard (0..<ExtractedValues.capacity).contains(index) else { throw CacheFormatError("byte_extract variable \(index)") }
            self = .variable(index)
        case let other: throw CacheFormatError("number \(other)")
        }
    }
}

extension ContentMatch: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.raw(pattern)
        out.bool(negated)
        out.bool(nocase)
        for position in [offset, depth, distance, within] { out.optional(position) { $0.value($1) } }
        out.bool(startsWith)
        out.bool(endsWith)
        out.bool(fastPattern)
        out.optional(fastPatternSlice) { out, slice in
            out.int(slice.lowerBound)
            out.int(slice.upperBound)
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        func position(_ input: inout CacheReader) throws(CacheFormatError) -> IntOrVariable? {
            try input.optional { input throws(CacheFormatError) in try input.value() }
        }
        self.init(pattern: try input.raw(), negated: try input.bool(), nocase: try input.bool(),
                  offset: try position(&input), depth: try position(&input), distance: try position(&input),
                  within: try position(&input), startsWith: try input.bool(), endsWith: try input.bool(),
                  fastPattern: try input.bool())
        let count = pattern.count
        fastPatternSlice = try input.optional { input throws(CacheFormatError) in
            let low = try input.int(), high = try input.int()
            guard 0 <= low, low <= high, high <= count else { throw CacheFormatError("fast_pattern slice") }
            return low..<high
        }
    }
}

extension PcreMatch: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.string(regex.pattern)
        out.integer(regex.options)
        out.bool(negated)
        out.bool(relative)
        out.bool(unlimited)
        out.optional(buffer) { $0.value($1) }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        let pattern = try input.string(), options = try input.integer(UInt32.self)
        let regex: CompiledRegex
        do { regex = try CompiledRegex(pattern: pattern, options: options) } catch {
            throw CacheFormatError("a cached pcre does not compile: \(error)")
        }
        self.init(regex: regex, negated: try input.bool(), relative: try input.bool(), unlimited: try input.bool(),
                  buffer: try input.optional { input throws(CacheFormatError) in try input.value() })
    }
}

extension ByteRead: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.int(count)
        out.value(offset)
        out.bool(relative)
        out.bool(littleEndian)
        out.optional(stringBase) { $0.int($1) }
        out.optional(bitmask) { $0.integer($1) }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(count: try input.int(), offset: try input.value(), relative: try input.bool(),
                  littleEndian: try input.bool(),
                  stringBase: try input.optional { input throws(CacheFormatError) in try input.int() },
                  bitmask: try input.optional { input throws(CacheFormatError) in try input.integer() })
    }
}

extension ByteTest: CacheCodable {
    private static let operators: [Operator] = [.less, .greater, .equal, .lessOrEqual, .greaterOrEqual, .and, .xor]

    func write(to out: inout CacheWriter) {
        out.value(read)
        switch op {
        case .less: out.tag(0)
        case .greater: out.tag(1)
        case .equal: out.tag(2)
        case .lessOrEqual: out.tag(3)
        case .greaterOrEqual: out.tag(4)
        case .and: out.tag(5)
        case .xor: out.tag(6)
        }
        out.bool(negated)
        out.value(value)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(read: try input.value(), op: try input.tag(Self.operators), negated: try input.bool(),
                  value: try input.value())
    }
}

extension ByteJump: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.value(read)
        out.integer(multiplier)
        out.int(postOffset)
        out.bool(align)
        out.bool(fromBeginning)
        out.bool(fromEnd)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(read: try input.value(), multiplier: try input.integer(), postOffset: try input.int(),
                  align: try input.bool(), fromBeginning: try input.bool(), fromEnd: try input.bool())
    }
}

extension ByteExtract: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.value(read)
        out.integer(multiplier)
        out.integer(align)
        out.int(variable)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(read: try input.value(), multiplier: try input.integer(), align: try input.integer(),
                  variable: try input.int())
        guard (0..<ExtractedValues.capacity).contains(variable) else { throw CacheFormatError("byte_extract variable \(variable)") }
    }
}

extension IsDataAt: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.value(position)
        out.bool(relative)
        out.bool(negated)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(position: try input.value(), relative: try input.bool(), negated: try input.bool())
    }
}
