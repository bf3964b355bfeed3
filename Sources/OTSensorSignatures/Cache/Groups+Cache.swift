/// The cache form of the signature groups and their prefilters: building
/// them (port intervals, fast-pattern tables, Aho–Corasick automata) is most
/// of what loading ET Open costs once the rules are parsed, so they are
/// stored as built. Groups share automata (most of ET Open's HTTP rules are
/// on every port): each automaton is written once and referred to by number.
extension RuleGroups: CacheCodable {
    func write(to out: inout CacheWriter) {
        var matchers: [PatternMatcher] = []
        var numbers: [UnsafeRawPointer?: Int] = [:]
        for group in groups {
            for prefilter in group.prefilters where numbers[prefilter.matcher.identity] == nil {
                numbers[prefilter.matcher.identity] = matchers.count
                matchers.append(prefilter.matcher)
            }
        }
        out.array(matchers)
        out.count(groups.count)
        for group in groups {
            out.integers(group.members)
            out.integers(group.unfiltered)
            out.int(group.patternCount)
            out.count(group.prefilters.count)
            for prefilter in group.prefilters {
                out.value(prefilter.key.buffer)
                out.bool(prefilter.key.dotPrefix)
                out.int(numbers[prefilter.matcher.identity]!)
                out.integers(prefilter.ruleStart)
                out.integers(prefilter.rules)
                out.int(prefilter.firstID)
            }
        }
        out.count(maps.count)
        for map in maps {
            out.integers(map.starts)
            out.integers(map.groups)
        }
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        let matchers: [PatternMatcher] = try input.array()
        var groups: [RuleGroup] = []
        for _ in 0..<(try input.count()) {
            let members: [Int32] = try input.integers(), unfiltered: [UInt64] = try input.integers()
            let patternCount = try input.int()
            var prefilters: [BufferPrefilter] = []
            for _ in 0..<(try input.count()) {
                let key = BufferKey(buffer: try input.value(), dotPrefix: try input.bool())
                let number = try input.int()
                guard matchers.indices.contains(number) else { throw CacheFormatError("prefilter \(number)") }
                prefilters.append(BufferPrefilter(key: key, matcher: matchers[number], ruleStart: try input.integers(),
                                                  rules: try input.integers(), firstID: try input.int()))
            }
            groups.append(RuleGroup(members: members, unfiltered: unfiltered, prefilters: prefilters,
                                    patternCount: patternCount))
        }
        var maps: [PortMap] = []
        for _ in 0..<(try input.count()) { maps.append(PortMap(starts: try input.integers(), groups: try input.integers())) }
        self.init(groups: groups, maps: maps)
        try validate()
    }

    /// The engine indexes with these numbers unchecked: they must all be in range.
    private func validate() throws(CacheFormatError) {
        guard maps.count == Self.protocols.count * 2,
              maps.allSatisfy({ $0.starts.first == 0 && $0.starts.count == $0.groups.count
                                && $0.groups.allSatisfy { $0 >= -1 && Int($0) < groups.count } })
        else { throw CacheFormatError("a port map does not hold together") }
        for group in groups {
            guard group.unfiltered.count == (group.members.count + 63) / 64 else {
                throw CacheFormatError("a group's unfiltered set does not fit its members")
            }
            for prefilter in group.prefilters {
                let patterns = prefilter.matcher.patterns.count
                guard prefilter.ruleStart.count == patterns + 1, prefilter.ruleStart.first == 0,
                      Int(prefilter.ruleStart.last!) == prefilter.rules.count,
                      zip(prefilter.ruleStart, prefilter.ruleStart.dropFirst()).allSatisfy({ $0 <= $1 }),
                      prefilter.rules.allSatisfy({ $0 >= 0 && Int($0) < group.members.count }),
                      prefilter.firstID >= 0, prefilter.firstID + patterns <= group.patternCount
                else { throw CacheFormatError("a prefilter does not fit its group") }
            }
        }
    }

    init(groups: [RuleGroup], maps: [PortMap]) {
        self.groups = groups
        self.maps = maps
    }
}

extension RuleGroup {
    init(members: [Int32], unfiltered: [UInt64], prefilters: [BufferPrefilter], patternCount: Int) {
        self.members = members
        self.unfiltered = unfiltered
        self.prefilters = prefilters
        self.patternCount = patternCount
    }
}

extension BufferPrefilter {
    init(key: BufferKey, matcher: PatternMatcher, ruleStart: [Int32], rules: [Int32], firstID: Int) {
        self.key = key
        self.matcher = matcher
        self.ruleStart = ruleStart
        self.rules = rules
        self.firstID = firstID
    }
}

extension PatternMatcher: CacheCodable {
    /// The storage of its tables, which the groups sharing it share.
    var identity: UnsafeRawPointer? { root.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }

    func write(to out: inout CacheWriter) {
        out.count(patterns.count)
        for pattern in patterns {
            out.raw(pattern.bytes)
            out.bool(pattern.nocase)
        }
        for table in [root, edgeStart, edgeTargets, failure, outputStart, outputs, outputLink] { out.integers(table) }
        out.raw(edgeBytes)
    }

    init(from input: inout CacheReader) throws(CacheFormatError) {
        var patterns: [Pattern] = []
        for _ in 0..<(try input.count(minimumSize: 5)) { patterns.append(Pattern(bytes: try input.raw(), nocase: try input.bool())) }
        self.patterns = patterns
        root = try input.integers()
        edgeStart = try input.integers()
        edgeTargets = try input.integers()
        failure = try input.integers()
        outputStart = try input.integers()
        outputs = try input.integers()
        outputLink = try input.integers()
        edgeBytes = try input.raw()
        try validate()
    }

    /// A scan follows these tables without bounds checks of its own, so what
    /// the cache gives must hold together: every state, edge and output in range.
    private func validate() throws(CacheFormatError) {
        let states = failure.count
        func inRange(_ values: [Int32], _ limit: Int) -> Bool { values.allSatisfy { $0 >= 0 && Int($0) < limit } }
        guard root.count == 256, states > 0, edgeStart.count == states + 1, outputStart.count == states + 1,
              outputLink.count == states, edgeBytes.count == edgeTargets.count,
              edgeStart.first == 0, Int(edgeStart.last!) == edgeTargets.count,
              outputStart.first == 0, Int(outputStart.last!) == outputs.count,
              zip(edgeStart, edgeStart.dropFirst()).allSatisfy({ $0 <= $1 }),
              zip(outputStart, outputStart.dropFirst()).allSatisfy({ $0 <= $1 }),
              inRange(root, states), inRange(edgeTargets, states), inRange(failure, states),
              inRange(outputs, patterns.count), outputLink.allSatisfy({ $0 >= -1 && Int($0) < states })
        else { throw CacheFormatError("a prefilter's tables do not hold together") }
    }
}
