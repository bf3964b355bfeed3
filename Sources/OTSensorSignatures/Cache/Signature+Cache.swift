/// The cache form of a parsed rule's header, meta data and conditions (its
/// matchers are in Matcher+Cache.swift). Fields are written in declaration
/// order; enums as the index of their case, by exhaustive switches (a new
/// case does not compile until it is written here) read back through the
/// lists of cases in the same order.
extension Signature: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.string(action.rawValue)
        out.value(proto)
        out.value(source)
        out.value(sourcePorts)
        out.value(destination)
        out.value(destinationPorts)
        out.bool(bidirectional)
        out.integer(sid)
        out.integer(gid)
        out.integer(rev)
        out.string(message)
        out.optional(classtype) { $0.string($1) }
        out.optional(priority) { $0.int($1) }
        out.count(metadata.count)
        for entry in metadata {
            out.string(entry.key)
            out.strings(entry.values)
        }
        out.optional(target) { $0.bool($1 == .destination) }
        out.value(flow)
        out.optional(dsize) { $0.value($1) }
        out.array(headerChecks)
        out.array(buffers)
        out.array(flowbits)
        out.bool(noalert)
        out.optional(threshold) { $0.value($1) }
        out.optional(detectionFilter) { $0.value($1) }
        out.string(file)
        out.int(line)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        guard let action = Action(rawValue: try input.string()) else { throw CacheFormatError("unknown action") }
        self.init(action: action, proto: try input.value(), source: try input.value(),
                  sourcePorts: try input.value(), destination: try input.value(),
                  destinationPorts: try input.value(), bidirectional: try input.bool())
        sid = try input.integer()
        gid = try input.integer()
        rev = try input.integer()
        message = try input.string()
        classtype = try input.optional { input throws(CacheFormatError) in try input.string() }
        priority = try input.optional { input throws(CacheFormatError) in try input.int() }
        let entries = try input.count()
        metadata.reserveCapacity(entries)
        for _ in 0..<entries { metadata.append((try input.string(), try input.strings())) }
        target = try input.optional { input throws(CacheFormatError) in try input.bool() ? .destination : .source }
        flow = try input.value()
        dsize = try input.optional { input throws(CacheFormatError) in try input.value() }
        headerChecks = try input.array()
        buffers = try input.array()
        flowbits = try input.array()
        noalert = try input.bool()
        threshold = try input.optional { input throws(CacheFormatError) in try input.value() }
        detectionFilter = try input.optional { input throws(CacheFormatError) in try input.value() }
        file = try input.string()
        line = try input.int()
    }
}

extension RuleProtocol: CacheCodable {
    func write(to out: inout CacheWriter) {
        switch self {
        case .ip: out.tag(0)
        case .tcp: out.tag(1)
        case .udp: out.tag(2)
        case .icmp: out.tag(3)
        case .icmpv6: out.tag(4)
        case .app(let name, let transport):
            out.tag(5)
            out.string(name)
            out.optional(transport) { $0.integer($1) }
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        switch try input.integer(UInt8.self) {
        case 0: self = .ip
        case 1: self = .tcp
        case 2: self = .udp
        case 3: self = .icmp
        case 4: self = .icmpv6
        case 5: self = .app(try input.string(), transport: try input.optional { input throws(CacheFormatError) in try input.integer() })
        case let other: throw CacheFormatError("rule protocol \(other)")
        }
    }
}

extension AddressSet: CacheCodable {
    func write(to out: inout CacheWriter) {
        for family in [v4, v6] {
            out.count(family.count)
            for range in family {
                out.integer(range.lowerBound)
                out.integer(range.upperBound)
            }
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        func ranges(_ input: inout CacheReader) throws(CacheFormatError) -> [ClosedRange<UInt128>] {
            let count = try input.count(minimumSize: 32)
            var ranges: [ClosedRange<UInt128>] = []
            ranges.reserveCapacity(count)
            for _ in 0..<count {
                let low = try input.integer(UInt128.self), high = try input.integer(UInt128.self)
                guard low <= high else { throw CacheFormatError("address range runs backwards") }
                ranges.append(low...high)
            }
            return ranges
        }
        self.init(v4: try ranges(&input), v6: try ranges(&input))
    }
}

extension PortSet: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.count(ranges.count)
        for range in ranges {
            out.integer(range.lowerBound)
            out.integer(range.upperBound)
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        let count = try input.count(minimumSize: 4)
        var ranges: [ClosedRange<UInt16>] = []
        ranges.reserveCapacity(count)
        for _ in 0..<count {
            let low = try input.integer(UInt16.self), high = try input.integer(UInt16.self)
            guard low <= high else { throw CacheFormatError("port range runs backwards") }
            ranges.append(low...high)
        }
        self.init(ranges: ranges)
    }
}

extension FlowCondition: CacheCodable {
    func write(to out: inout CacheWriter) {
        out.optional(toServer) { $0.bool($1) }
        out.optional(established) { $0.bool($1) }
        out.bool(stateless)
        out.bool(onlyStream)
        out.bool(noStream)
        out.bool(streamHeader)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init()
        toServer = try input.optional { input throws(CacheFormatError) in try input.bool() }
        established = try input.optional { input throws(CacheFormatError) in try input.bool() }
        stateless = try input.bool()
        onlyStream = try input.bool()
        noStream = try input.bool()
        streamHeader = try input.bool()
    }
}

extension NumericCondition: CacheCodable {
    private static let kinds: [Kind] = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .between]

    func write(to out: inout CacheWriter) {
        switch kind {
        case .equal: out.tag(0)
        case .notEqual: out.tag(1)
        case .less: out.tag(2)
        case .lessOrEqual: out.tag(3)
        case .greater: out.tag(4)
        case .greaterOrEqual: out.tag(5)
        case .between: out.tag(6)
        }
        out.int(value)
        out.int(upper)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(kind: try input.tag(Self.kinds), value: try input.int(), upper: try input.int())
    }
}

extension HeaderCheck: CacheCodable {
    func write(to out: inout CacheWriter) {
        switch self {
        case .ttl(let c): out.tag(0); out.value(c)
        case .icmpType(let c): out.tag(1); out.value(c)
        case .icmpCode(let c): out.tag(2); out.value(c)
        case .ipProtocol(let c): out.tag(3); out.value(c)
        case .tcpFlags(let f):
            out.tag(4)
            out.integer(f.bits)
            switch f.mode {
            case .exact: out.tag(0)
            case .any: out.tag(1)
            case .all: out.tag(2)
            case .not: out.tag(3)
            }
            out.integer(f.ignored)
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        switch try input.integer(UInt8.self) {
        case 0: self = .ttl(try input.value())
        case 1: self = .icmpType(try input.value())
        case 2: self = .icmpCode(try input.value())
        case 3: self = .ipProtocol(try input.value())
        case 4: self = .tcpFlags(TCPFlagsCondition(bits: try input.integer(), mode: try input.tag(TCPFlagsCondition.modes),
                                                   ignored: try input.integer()))
        case let other: throw CacheFormatError("header check \(other)")
        }
    }
}

extension TCPFlagsCondition {
    fileprivate static let modes: [Mode] = [.exact, .any, .all, .not]
}

extension FlowbitOperation: CacheCodable {
    private static let kinds: [Kind] = [.set, .unset, .toggle, .isSet, .isNotSet]

    func write(to out: inout CacheWriter) {
        switch kind {
        case .set: out.tag(0)
        case .unset: out.tag(1)
        case .toggle: out.tag(2)
        case .isSet: out.tag(3)
        case .isNotSet: out.tag(4)
        }
        out.strings(names)
        out.bool(anyOf)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(kind: try input.tag(Self.kinds), names: try input.strings(), anyOf: try input.bool())
    }
}

extension Threshold: CacheCodable {
    private static let kinds: [Kind] = [.limit, .threshold, .both, .detectionFilter]
    private static let tracks: [Track] = [.bySource, .byDestination, .byRule, .byBoth, .byFlow]
    private static let uniques: [Unique] = [.sourcePort, .destinationPort]

    func write(to out: inout CacheWriter) {
        switch kind {
        case .limit: out.tag(0)
        case .threshold: out.tag(1)
        case .both: out.tag(2)
        case .detectionFilter: out.tag(3)
        }
        switch track {
        case .bySource: out.tag(0)
        case .byDestination: out.tag(1)
        case .byRule: out.tag(2)
        case .byBoth: out.tag(3)
        case .byFlow: out.tag(4)
        }
        out.int(count)
        out.int(seconds)
        out.optional(unique) { out, unique in
            switch unique {
            case .sourcePort: out.tag(0)
            case .destinationPort: out.tag(1)
            }
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        self.init(kind: try input.tag(Self.kinds), track: try input.tag(Self.tracks), count: try input.int(),
                  seconds: try input.int(),
                  unique: try input.optional { input throws(CacheFormatError) in try input.tag(Self.uniques) })
    }
}
