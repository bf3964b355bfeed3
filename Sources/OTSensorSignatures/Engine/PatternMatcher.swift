/// Many literals found in one pass over a buffer: an Aho–Corasick automaton
/// (as Suricata's util-mpm-ac.c) over ASCII-folded bytes. A nocase pattern
/// matches on the folded bytes alone; a case-sensitive one is confirmed on
/// the original bytes when the automaton reports it, as Suricata's AC does.
///
/// Layout: the root's 256 transitions are a dense table (most bytes of a
/// payload leave the scan at the root), every other state keeps its edges
/// sorted in one flat array, so a set of ~10k patterns costs a few MB where
/// a full state table would cost hundreds. A scan reads these arrays and the
/// buffer only: it allocates nothing.
struct PatternMatcher: Sendable {
    struct Pattern: Hashable, Sendable {
        var bytes: [UInt8]
        var nocase: Bool
    }

    /// The patterns, by id (their index in `init`'s list).
    let patterns: [Pattern]
    let root: [Int32]
    /// State `s`'s edges are `edgeBytes[edgeStart[s]..<edgeStart[s + 1]]`, ascending.
    let edgeStart: [Int32]
    let edgeBytes: [UInt8]
    let edgeTargets: [Int32]
    let failure: [Int32]
    /// Patterns ending at state `s`: `outputs[outputStart[s]..<outputStart[s + 1]]`.
    let outputStart: [Int32]
    let outputs: [Int32]
    /// The nearest state on `s`'s failure chain that has outputs, or -1.
    let outputLink: [Int32]

    init(_ patterns: [Pattern]) {
        self.patterns = patterns
        // The trie: one map from (state, folded byte) to the child, and the
        // edges in creation order (a map per state would cost far more).
        var child: [Int: Int32] = [:]
        var edges: [(parent: Int32, byte: UInt8, child: Int32)] = []
        var ends: [(state: Int32, id: Int32)] = []
        var count = 1
        for (id, pattern) in patterns.enumerated() {
            var state = 0
            for byte in pattern.bytes {
                let key = state << 8 | Int(ByteFold.lower(byte))
                if let next = child[key] {
                    state = Int(next)
                } else {
                    child[key] = Int32(count)
                    edges.append((Int32(state), ByteFold.lower(byte), Int32(count)))
                    state = count
                    count += 1
                }
            }
            ends.append((Int32(state), Int32(id)))
        }
        edges.sort { ($0.parent, $0.byte) < ($1.parent, $1.byte) }
        ends.sort { ($0.state, $0.id) < ($1.state, $1.id) }
        var edgeStart = [Int32](repeating: 0, count: count + 1)
        for e in edges { edgeStart[Int(e.parent) + 1] += 1 }
        var outputStart = [Int32](repeating: 0, count: count + 1)
        for e in ends { outputStart[Int(e.state) + 1] += 1 }
        for s in 0..<count {
            edgeStart[s + 1] += edgeStart[s]
            outputStart[s + 1] += outputStart[s]
        }
        var root = [Int32](repeating: 0, count: 256)
        for e in edges where e.parent == 0 { root[Int(e.byte)] = e.child }
        // Failure links breadth first, so a state's target is final before its children's.
        var failure = [Int32](repeating: 0, count: count)
        var outputLink = [Int32](repeating: -1, count: count)
        var queue: [Int32] = [0]
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            for e in Int(edgeStart[state])..<Int(edgeStart[state + 1]) {
                let (byte, next) = (edges[e].byte, Int(edges[e].child))
                // A depth-1 state fails to the root; a deeper one to the
                // longest proper suffix of its path that is in the trie.
                var target = 0
                if state != 0 {
                    var f = Int(failure[state])
                    while true {
                        if let t = child[f << 8 | Int(byte)] {
                            target = Int(t)
                            break
                        }
                        if f == 0 { break }
                        f = Int(failure[f])
                    }
                }
                failure[next] = Int32(target)
                outputLink[next] = outputStart[target] < outputStart[target + 1] ? Int32(target) : outputLink[target]
                queue.append(Int32(next))
            }
        }
        self.root = root
        self.edgeStart = edgeStart
        edgeBytes = edges.map(\.byte)
        edgeTargets = edges.map(\.child)
        self.failure = failure
        self.outputStart = outputStart
        outputs = ends.map(\.id)
        self.outputLink = outputLink
    }

    /// Calls `found` with the id of every pattern occurring in `prefix`
    /// followed by `buffer` (once per occurrence; `prefix` is for
    /// `dotprefix` buffers, which the rules see with a leading `.`).
    func scan(_ buffer: UnsafeRawBufferPointer, prefix: UInt8? = nil, _ found: (Int) -> Void) {
        var state = 0
        if let prefix {
            state = step(0, ByteFold.lower(prefix))
            report(state, end: 0, buffer, prefix: prefix, found)
        }
        let shift = prefix == nil ? 0 : 1
        for (i, byte) in buffer.enumerated() {
            state = step(state, ByteFold.lower(byte))
            if state != 0 { report(state, end: i + shift, buffer, prefix: prefix, found) }
        }
    }

    /// The state after `byte` (already folded): follow failure links until a
    /// state has an edge for it; the root has one for every byte.
    @inline(__always)
    private func step(_ from: Int, _ byte: UInt8) -> Int {
        var state = from
        while state != 0 {
            if let next = edge(state, byte) { return next }
            state = Int(failure[state])
        }
        return Int(root[Int(byte)])
    }

    @inline(__always)
    private func edge(_ state: Int, _ byte: UInt8) -> Int? {
        var low = Int(edgeStart[state]), high = Int(edgeStart[state + 1])
        while low < high {
            let mid = (low + high) / 2
            let b = edgeBytes[mid]
            if b == byte { return Int(edgeTargets[mid]) }
            if b < byte { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Reports the patterns ending at position `end` of the scanned stream.
    private func report(_ at: Int, end: Int, _ buffer: UnsafeRawBufferPointer, prefix: UInt8?,
                        _ found: (Int) -> Void) {
        var state = at
        if outputStart[state] == outputStart[state + 1] { state = Int(outputLink[state]) }
        while state > 0 {
            for o in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                let id = Int(outputs[o])
                if confirmed(patterns[id], end: end, buffer, prefix: prefix) { found(id) }
            }
            state = Int(outputLink[state])
        }
    }

    /// A case-sensitive pattern's exact bytes; a nocase one matched already.
    private func confirmed(_ pattern: Pattern, end: Int, _ buffer: UnsafeRawBufferPointer, prefix: UInt8?) -> Bool {
        if pattern.nocase { return true }
        let start = end + 1 - pattern.bytes.count
        let shift = prefix == nil ? 0 : 1
        guard start >= 0, end - shift < buffer.count else { return false }
        for (k, expected) in pattern.bytes.enumerated() {
            let position = start + k
            let actual = position < shift ? prefix! : buffer[position - shift]
            if actual != expected { return false }
        }
        return true
    }
}
