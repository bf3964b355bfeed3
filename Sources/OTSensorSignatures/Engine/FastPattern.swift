/// The one literal of a rule that the prefilter looks for (Suricata's fast
/// pattern, RetrieveFPForSig in detect-engine-mpm.c): a rule is checked in
/// full only when its fast pattern occurs in its buffer. Positions are the
/// full rule's business (a byte_extract depth must not narrow the search),
/// so only the bytes, their case and the buffer matter.
struct FastPattern: Hashable, Sendable {
    var buffer: BufferID
    /// The buffer is inspected with a leading `.` (`dotprefix`).
    var dotPrefix: Bool
    var pattern: [UInt8]
    var nocase: Bool

    /// The rule's fast pattern, or nil when it has none the prefilter can
    /// use (no content, or only negated ones: Suricata would put a negated
    /// pattern in the matcher, but its rule runs whatever the matcher finds).
    ///
    /// As Suricata: the content marked `fast_pattern` (its `offset,length`
    /// slice if any); else, among the positive contents in the buffers of the
    /// best priority, the longest, then the one of highest `strength`, then
    /// the first (payload before sticky buffers, then rule order).
    static func choose(_ s: Signature) -> FastPattern? {
        let lists = s.buffers.filter { $0.buffer == .payload } + s.buffers.filter { $0.buffer != .payload }
        var best: (content: ContentMatch, list: BufferInspection)?
        var bestPriority = Int.max, longest = 0
        for list in lists {
            for case .content(let c) in list.matchers {
                if c.fastPattern { return c.negated ? nil : FastPattern(c, list) }
                guard !c.negated else { continue }
                let priority = Self.priority(list.buffer)
                if priority < bestPriority || priority == bestPriority && c.pattern.count > longest {
                    bestPriority = priority
                    longest = c.pattern.count
                    best = (c, list)
                } else if priority == bestPriority && c.pattern.count == longest,
                          let current = best, strength(c.pattern) > strength(current.content.pattern) {
                    best = (c, list)
                }
            }
        }
        return best.map { FastPattern($0.content, $0.list) }
    }

    private init(_ c: ContentMatch, _ list: BufferInspection) {
        buffer = list.buffer
        dotPrefix = list.dotPrefix
        pattern = c.fastPatternSlice.map { Array(c.pattern[$0]) } ?? c.pattern
        nocase = c.nocase
    }

    /// Suricata's fast-pattern priority of a buffer (the number its
    /// DetectAppLayerMpmRegister gives; lower wins): sticky buffers 2, the
    /// packet payload and http.stat_msg 3, http.method and http.stat_code 4.
    static func priority(_ buffer: BufferID) -> Int {
        switch buffer {
        case .payload: 3
        case .app("http.stat_msg"): 3
        case .app("http.method"), .app("http.stat_code"): 4
        case .app: 2
        }
    }

    /// Suricata's PatternStrength: a byte not seen before in the pattern adds
    /// 3 if a letter, 4 if printable (or 0x00, 0x01, 0xFF), else 6; a repeated
    /// byte adds 1.
    static func strength(_ pattern: [UInt8]) -> Int {
        var seen = [Bool](repeating: false, count: 256)
        var score = 0
        for b in pattern {
            if seen[Int(b)] {
                score += 1
                continue
            }
            seen[Int(b)] = true
            let letter = (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
            let printable = (0x20...0x7E).contains(b) || b == 0x00 || b == 0x01 || b == 0xFF
            score += letter ? 3 : printable ? 4 : 6
        }
        return score
    }
}
