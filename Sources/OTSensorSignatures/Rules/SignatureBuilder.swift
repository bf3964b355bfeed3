/// The option-by-option state of parsing one rule: which buffer new matchers
/// go to (sticky buffers), which content the modifiers apply to, and the
/// byte_extract variable names in scope.
struct SignatureBuilder {
    var signature: Signature
    /// Index in `signature.buffers` of the buffer new matchers join.
    private var current: Int?
    private var lastContent: (buffer: Int, matcher: Int)?
    private var lastMatcher: (buffer: Int, matcher: Int)?
    private var variables: [String] = []
    private var seen: Set<String> = []

    init(signature: Signature) { self.signature = signature }

    mutating func apply(name: String, value: String?, parser: RuleParser) throws {
        func required() throws(RuleError) -> String {
            guard let value, !value.isEmpty else { throw RuleError("needs a value") }
            return value
        }
        if let buffer = RuleParser.stickyBuffers[name] {
            guard value == nil else { throw RuleError("a sticky buffer takes no value") }
            select(.app(buffer))
            return
        }
        if let buffer = RuleParser.contentModifierBuffers[name] {
            try moveLastContent(to: .app(buffer))
            return
        }
        switch name {
        case "msg": signature.message = Self.unescapeMessage(try required().unquoted)
        case "sid": signature.sid = try Self.positive(try required())
        case "rev": signature.rev = try Self.positive(try required())
        case "gid": signature.gid = try Self.positive(try required())
        case "classtype": signature.classtype = try required()
        case "priority":
            guard let p = Int(try required()), (1...255).contains(p) else { throw RuleError("bad priority") }
            signature.priority = p
        case "metadata": addMetadata(try required())
        case "reference": _ = try required()
        case "target":
            switch try required() {
            case "src_ip": signature.target = .source
            case "dest_ip": signature.target = .destination
            default: throw RuleError("target must be src_ip or dest_ip")
            }
        case "pkt_data": select(.payload)
        case "content", "uricontent":
            if name == "uricontent" { select(.app("http.uri")) }
            let content = try ContentMatch.parse(try required())
            append(.content(content))
            lastContent = lastMatcher
        case "nocase": try modifyContent(name) { $0.nocase = true }
        case "fast_pattern":
            try modifyContent(name) { c throws(RuleError) in
                c.fastPattern = true
                if let value, value != "only" {
                    let parts = value.split(separator: ",").compactMap { Int(String($0).trimmingSpaces) }
                    guard parts.count == 2, parts[0] >= 0, parts[1] > 0, parts[0] + parts[1] <= c.pattern.count else {
                        throw RuleError("bad fast_pattern slice \(value)")
                    }
                    c.fastPatternSlice = parts[0]..<(parts[0] + parts[1])
                }
            }
        case "depth", "offset", "distance", "within":
            let amount = try Parse.intOrVariable(try required(), variables: variables,
                                                 allowNegative: name == "distance")
            try modifyContent(name) { c throws(RuleError) in
                switch name {
                case "depth":
                    guard c.distance == nil, c.within == nil else { throw RuleError("depth with a relative content") }
                    if case .value(let v) = amount, v < c.pattern.count { throw RuleError("depth shorter than content") }
                    c.depth = amount
                case "offset":
                    guard c.distance == nil, c.within == nil else { throw RuleError("offset with a relative content") }
                    c.offset = amount
                case "distance":
                    guard c.depth == nil, c.offset == nil else { throw RuleError("distance with depth/offset") }
                    c.distance = amount
                default:
                    guard c.depth == nil, c.offset == nil else { throw RuleError("within with depth/offset") }
                    if case .value(let v) = amount, v < c.pattern.count { throw RuleError("within shorter than content") }
                    c.within = amount
                }
            }
        case "startswith":
            try modifyContent(name) { c throws(RuleError) in
                guard c.depth == nil, c.offset == nil, c.distance == nil, c.within == nil else {
                    throw RuleError("startswith with depth/offset/distance/within")
                }
                c.startsWith = true
            }
        case "endswith": try modifyContent(name) { $0.endsWith = true }
        case "rawbytes": break
        case "prefilter":
            // A hint that this keyword should drive the prefilter: matching is the same without it.
            guard value == nil else { throw RuleError("prefilter takes no value") }
        case "pcre":
            if let v = value, v.hasSuffix("\"") == false, v.contains("\",") {
                throw RuleParser.Failure.unsupported(keyword: "pcre capture")
            }
            let pcre = try PcreMatch.parse(try required())
            if let buffer = pcre.buffer { select(buffer) }
            append(.pcre(pcre))
        case "byte_test": append(.byteTest(try ByteTest.parse(try required(), variables: variables)))
        case "byte_jump": append(.byteJump(try ByteJump.parse(try required(), variables: variables)))
        case "byte_extract": append(.byteExtract(try ByteExtract.parse(try required(), variables: &variables)))
        case "isdataat": append(.isDataAt(try IsDataAt.parse(try required(), variables: variables)))
        case "dsize": signature.dsize = try NumericCondition.parse(try required())
        case "bsize":
            let size = try NumericCondition.parse(try required())
            let index = currentIndex()
            guard signature.buffers[index].buffer != .payload else { throw RuleError("bsize needs a sticky buffer") }
            signature.buffers[index].size = size
        case "urilen":
            let size = try NumericCondition.parse(try required())
            let saved = current
            select(.app("http.uri"))
            signature.buffers[current!].size = size
            current = saved
        case "dotprefix":
            let index = currentIndex()
            guard signature.buffers[index].buffer != .payload else { throw RuleError("dotprefix needs a sticky buffer") }
            signature.buffers[index].dotPrefix = true
        case "flow": signature.flow = try FlowCondition.parse(try required(), onto: signature.flow)
        case "flowbits":
            if let op = try FlowbitOperation.parse(try required()) {
                signature.flowbits.append(op)
            } else {
                signature.noalert = true
            }
        case "noalert": signature.noalert = true
        case "threshold": signature.threshold = try Threshold.parse(try required(), detectionFilter: false)
        case "detection_filter": signature.detectionFilter = try Threshold.parse(try required(), detectionFilter: true)
        case "ttl": signature.headerChecks.append(.ttl(try NumericCondition.parse(try required())))
        case "itype": signature.headerChecks.append(.icmpType(try NumericCondition.parse(try required())))
        case "icode": signature.headerChecks.append(.icmpCode(try NumericCondition.parse(try required())))
        case "ip_proto":
            guard let condition = try? NumericCondition.parse(try required()) else {
                throw RuleParser.Failure.unsupported(keyword: "ip_proto by name")
            }
            signature.headerChecks.append(.ipProtocol(condition))
        case "flags", "tcp.flags":
            signature.headerChecks.append(.tcpFlags(try TCPFlagsCondition.parse(try required())))
        default:
            throw RuleParser.Failure.unsupported(keyword: name)
        }
        seen.insert(name)
    }

    func finish() throws(RuleParser.Failure) -> Signature {
        guard seen.contains("sid"), signature.sid != 0 else { throw .malformed("no sid") }
        for b in signature.buffers {
            for (i, m) in b.matchers.enumerated() {
                if case .content(let c) = m, c.startsWith, c.endsWith, c.depth != nil {
                    throw .malformed("startswith and endswith with depth (content \(i))")
                }
            }
        }
        return signature
    }

    private mutating func select(_ buffer: BufferID) {
        if let i = signature.buffers.firstIndex(where: { $0.buffer == buffer }) {
            current = i
        } else {
            signature.buffers.append(BufferInspection(buffer: buffer))
            current = signature.buffers.count - 1
        }
    }

    private mutating func currentIndex() -> Int {
        if current == nil { select(.payload) }
        return current!
    }

    private mutating func append(_ matcher: Matcher) {
        let index = currentIndex()
        signature.buffers[index].matchers.append(matcher)
        lastMatcher = (index, signature.buffers[index].matchers.count - 1)
    }

    private mutating func modifyContent(_ name: String,
                                        _ change: (inout ContentMatch) throws(RuleError) -> Void) throws(RuleError) {
        guard let (b, m) = lastContent, case .content(var c) = signature.buffers[b].matchers[m] else {
            throw RuleError("\(name) needs a preceding content")
        }
        try change(&c)
        signature.buffers[b].matchers[m] = .content(c)
    }

    /// `http_uri` and friends: the content just parsed belongs to another buffer.
    private mutating func moveLastContent(to buffer: BufferID) throws(RuleError) {
        guard let (b, m) = lastContent, m == signature.buffers[b].matchers.count - 1 else {
            throw RuleError("content modifier needs a preceding content")
        }
        let matcher = signature.buffers[b].matchers.removeLast()
        let saved = current
        select(buffer)
        signature.buffers[current!].matchers.append(matcher)
        lastContent = (current!, signature.buffers[current!].matchers.count - 1)
        lastMatcher = lastContent
        current = saved
    }

    private mutating func addMetadata(_ text: String) {
        for item in text.split(separator: ",") {
            let words = String(item).trimmingSpaces.split(separator: " ", maxSplits: 1).map(String.init)
            guard words.count == 2 else { continue }
            let key = words[0], value = words[1].trimmingSpaces
            if let i = signature.metadata.firstIndex(where: { $0.key == key }) {
                signature.metadata[i].values.append(value)
            } else {
                signature.metadata.append((key, [value]))
            }
        }
    }

    static func positive(_ text: String) throws(RuleError) -> UInt32 {
        guard let v = UInt32(text.trimmingSpaces) else { throw RuleError("\(text) is not a number") }
        return v
    }

    /// `msg` may escape `;`, `"` and `\`.
    static func unescapeMessage(_ text: String) -> String {
        var out = "", escaped = false
        for ch in text {
            if escaped {
                out.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

