/// One signature group: its rules in match order and the prefilter that
/// picks, per packet, the ones worth checking in full (Suricata's
/// SigGroupHead with its mpm contexts, detect-engine-siggroup.c).
///
/// Each buffer the group's fast patterns live in has one `BufferPrefilter`
/// (one multi-pattern matcher): the payload's today, and an application
/// buffer's (`http.uri`, `dns.query`…) as soon as the rules have fast
/// patterns there, scanned on every copy of that buffer the packet offers.
struct RuleGroup: Sendable {
    /// Signature indexes, ascending (match order). A rule's place here is
    /// its "local" index, a bit in the candidate set.
    let members: [Int32]
    /// A bit per member: rules without a fast pattern, checked on every packet.
    let unfiltered: [UInt64]
    let prefilters: [BufferPrefilter]
    /// Pattern ids across the group's prefilters, for the scratch's stamps.
    let patternCount: Int

    /// `matchers`: the matchers built so far, by the fast pattern ids they
    /// hold. Groups that differ only in port-bound rules mostly share their
    /// application buffers' patterns (ET Open's HTTP rules are on any port),
    /// and build those matchers once.
    init(members: [Int32], table: FastPatternTable, matchers: inout [[Int32]: PatternMatcher]) {
        self.members = members
        var unfiltered = [UInt64](repeating: 0, count: (members.count + 63) / 64)
        /// One buffer's patterns (ids in `table`) and their rules, by first use.
        struct Pending {
            var local: [Int32: Int] = [:]
            var ids: [Int32] = []
            var rules: [[Int32]] = []
        }
        var pending = [Pending](repeating: Pending(), count: table.keys.count)
        for (local, index) in members.enumerated() {
            let id = table.ofRule[Int(index)]
            guard id >= 0 else {
                unfiltered[local / 64] |= 1 << UInt64(local % 64)
                continue
            }
            let k = Int(table.keyOf[Int(id)])
            if let at = pending[k].local[id] {
                pending[k].rules[at].append(Int32(local))
            } else {
                pending[k].local[id] = pending[k].ids.count
                pending[k].ids.append(id)
                pending[k].rules.append([Int32(local)])
            }
        }
        var prefilters: [BufferPrefilter] = []
        var first = 0
        for (k, entry) in pending.enumerated() where !entry.ids.isEmpty {
            let matcher = matchers[entry.ids] ?? PatternMatcher(entry.ids.map { table.patterns[Int($0)] })
            matchers[entry.ids] = matcher
            prefilters.append(BufferPrefilter(key: table.keys[k], matcher: matcher, rules: entry.rules, firstID: first))
            first += entry.ids.count
        }
        self.unfiltered = unfiltered
        self.prefilters = prefilters
        patternCount = first
    }
}

/// Every rule's fast pattern as a number, computed once for all groups (a
/// group then deals in integers, not in byte strings to hash).
struct FastPatternTable {
    /// The buffers with a fast pattern, in `BufferKey` order.
    let keys: [BufferKey]
    /// The distinct patterns, and the buffer (index in `keys`) of each.
    let patterns: [PatternMatcher.Pattern]
    let keyOf: [Int32]
    /// Each rule's pattern id, -1 for none.
    let ofRule: [Int32]

    init(_ fastPatterns: [FastPattern?]) {
        keys = Set(fastPatterns.compactMap { $0.map { BufferKey(buffer: $0.buffer, dotPrefix: $0.dotPrefix) } }).sorted()
        let keyIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, Int32($0)) })
        var ids: [FastPattern: Int32] = [:]
        var patterns: [PatternMatcher.Pattern] = [], keyOf: [Int32] = []
        ofRule = fastPatterns.map { fast in
            guard let fast else { return -1 }
            if let id = ids[fast] { return id }
            ids[fast] = Int32(patterns.count)
            patterns.append(.init(bytes: fast.pattern, nocase: fast.nocase))
            keyOf.append(keyIndex[BufferKey(buffer: fast.buffer, dotPrefix: fast.dotPrefix)]!)
            return Int32(patterns.count - 1)
        }
        self.patterns = patterns
        self.keyOf = keyOf
    }
}

/// Which bytes a prefilter scans: a buffer, seen with or without a leading `.`.
struct BufferKey: Hashable, Sendable, Comparable {
    var buffer: BufferID
    var dotPrefix: Bool

    /// The payload first, then by name: a fixed order for the build.
    static func < (a: BufferKey, b: BufferKey) -> Bool {
        (a.buffer == .payload ? "" : a.buffer.name, a.dotPrefix ? 1 : 0)
            < (b.buffer == .payload ? "" : b.buffer.name, b.dotPrefix ? 1 : 0)
    }
}

/// The fast patterns of one buffer of a group, and the rules of each.
struct BufferPrefilter: Sendable {
    let key: BufferKey
    let matcher: PatternMatcher
    /// Pattern `p`'s rules (local indexes) are `rules[ruleStart[p]..<ruleStart[p + 1]]`.
    let ruleStart: [Int32]
    let rules: [Int32]
    /// This prefilter's first pattern id within the group.
    let firstID: Int

    init(key: BufferKey, matcher: PatternMatcher, rules: [[Int32]], firstID: Int) {
        self.key = key
        self.matcher = matcher
        var start: [Int32] = [0]
        for r in rules { start.append(start.last! + Int32(r.count)) }
        ruleStart = start
        self.rules = rules.flatMap { $0 }
        self.firstID = firstID
    }
}

/// One worker's candidate rules for the packet at hand: a bit per member of
/// the group, set for the unfiltered rules and for the rules whose fast
/// pattern a prefilter found. Reused from packet to packet: selecting
/// allocates only when a group larger than any before is met.
struct CandidateSet {
    private(set) var bits: [UInt64] = []
    /// Per pattern id, the packet (generation) it was last found in, so a
    /// pattern found many times sets its rules once.
    private var stamps: [UInt32] = []
    private var generation: UInt32 = 0

    /// Selects `group`'s candidates for a packet with `payload`, the blocks
    /// of a `stream` chunk (scanned with the payload's patterns) and `appBuffers`.
    mutating func select(_ group: RuleGroup, payload: UnsafeRawBufferPointer, stream: [UnsafeRawBufferPointer] = [],
                         appBuffers: [(name: String, bytes: UnsafeRawBufferPointer)]) {
        let words = group.unfiltered.count
        if bits.count < words { bits = [UInt64](repeating: 0, count: words) }
        for w in 0..<words { bits[w] = group.unfiltered[w] }
        if stamps.count < group.patternCount { stamps = [UInt32](repeating: 0, count: group.patternCount) }
        generation &+= 1
        if generation == 0 {
            for i in stamps.indices { stamps[i] = 0 }
            generation = 1
        }
        for prefilter in group.prefilters {
            let prefix: UInt8? = prefilter.key.dotPrefix ? UInt8(ascii: ".") : nil
            switch prefilter.key.buffer {
            case .payload:
                scan(prefilter, payload, prefix: prefix)
                for block in stream { scan(prefilter, block, prefix: prefix) }
            case .app(let name):
                for buffer in appBuffers where buffer.name == name { scan(prefilter, buffer.bytes, prefix: prefix) }
            }
        }
    }

    private mutating func scan(_ prefilter: BufferPrefilter, _ bytes: UnsafeRawBufferPointer, prefix: UInt8?) {
        prefilter.matcher.scan(bytes, prefix: prefix) { id in
            let stamp = prefilter.firstID + id
            guard stamps[stamp] != generation else { return }
            stamps[stamp] = generation
            for r in Int(prefilter.ruleStart[id])..<Int(prefilter.ruleStart[id + 1]) {
                let local = Int(prefilter.rules[r])
                bits[local / 64] |= 1 << UInt64(local % 64)
            }
        }
    }
}
