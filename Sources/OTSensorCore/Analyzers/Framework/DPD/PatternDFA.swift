/// A pattern's NFA compiled to a DFA when the signatures are loaded, as
/// Zeek's signature engine compiles its patterns: a state is the set of NFA
/// instructions waiting for the next byte, so matching costs one table
/// lookup per byte whatever the pattern. Built once per process and shared
/// by every shard; a pattern whose DFA would pass `maximumStates` is left to
/// the thread-by-thread matcher.
struct PatternDFA: Sendable {
    static let maximumStates = 4096

    private static let dead: Int32 = -1
    private static let accepting: Int32 = -2

    /// `transitions[state << 8 | byte]`: the next state, `dead` or `accepting`.
    private let transitions: [Int32]
    private let start: Int32

    init?(_ pattern: BytePattern) {
        var scratch = PatternScratch()
        scratch.prepare(count: pattern.program.count)
        if scratch.addThread(0, program: pattern.program) {
            (start, transitions) = (Self.accepting, [])
            return
        }
        scratch.endStep()
        guard !scratch.current.isEmpty else {
            (start, transitions) = (Self.dead, [])
            return
        }
        // Bytes that every class of the pattern treats alike move the DFA alike.
        var representative = [Int](repeating: -1, count: 256)
        var seenMemberships: [[Bool]: Int] = [:]
        for byte in 0..<256 {
            let membership = pattern.classes.map { $0.contains(UInt8(byte)) }
            if let first = seenMemberships[membership] {
                representative[byte] = first
            } else {
                seenMemberships[membership] = byte
                representative[byte] = byte
            }
        }
        var states: [[Int32]] = [scratch.current.sorted()]
        var index: [[Int32]: Int32] = [states[0]: 0]
        var table: [Int32] = []
        var next = 0
        while next < states.count {
            var row = [Int32](repeating: Self.dead, count: 256)
            for byte in 0..<256 {
                guard representative[byte] == byte else {
                    row[byte] = row[representative[byte]]
                    continue
                }
                scratch.prepare(count: pattern.program.count)
                scratch.beginStep()
                var accepts = false
                for pc in states[next]
                where pattern.classes[Int(pattern.program[Int(pc)].operand)].contains(UInt8(byte)) {
                    if scratch.addThread(pc + 1, program: pattern.program) {
                        accepts = true
                        break
                    }
                }
                scratch.endStep()
                if accepts {
                    row[byte] = Self.accepting
                } else if !scratch.current.isEmpty {
                    let key = scratch.current.sorted()
                    if let known = index[key] {
                        row[byte] = known
                    } else {
                        guard states.count < Self.maximumStates else { return nil }
                        index[key] = Int32(states.count)
                        row[byte] = Int32(states.count)
                        states.append(key)
                    }
                }
            }
            table += row
            next += 1
        }
        (start, transitions) = (0, table)
    }

    /// `BytePattern.match`, with the same outcome.
    func match(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> BytePattern.Outcome {
        var current = start
        for part in [first, second] {
            for byte in part {
                guard current >= 0 else { break }
                current = transitions[Int(current) << 8 | Int(byte)]
            }
        }
        switch current {
        case Self.accepting: return .matched
        case Self.dead: return .failed
        default: return .undecided
        }
    }
}
