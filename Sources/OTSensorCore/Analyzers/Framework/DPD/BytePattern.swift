/// A regular expression of Zeek's signature language (flex syntax), compiled
/// to a Thompson NFA and matched by simulating every thread at once, so a
/// pattern costs time linear in the payload whatever its `.*`s.
///
/// It matches as Zeek's signature engine does: anchored at the first byte of
/// the input, in multi-line mode (`.` is any byte, newline included), and
/// successful as soon as some prefix of the input matches.
public struct BytePattern: Sendable {
    /// One NFA instruction: consume a byte of `classes[operand]`, fork to
    /// `operand` and `alternative`, jump to `operand`, or accept.
    struct Instruction: Sendable {
        enum Operation: UInt8, Sendable { case byte, split, jump, accept }
        var operation: Operation
        var operand: Int32
        var alternative: Int32 = 0
    }

    let program: [Instruction]
    let classes: [ByteClass]
    public let source: String

    /// Compiles `source`, the text between a signature's slashes.
    public init(_ source: String) throws(BytePatternError) {
        var parser = BytePatternParser(Array(source.utf8))
        let tree = try parser.parseWhole()
        var compiler = BytePatternCompiler()
        compiler.emit(tree)
        compiler.program.append(Instruction(operation: .accept, operand: 0))
        program = compiler.program
        classes = compiler.classes
        self.source = source
    }

    /// Whether a prefix of `first` followed by `second` matches; `scratch`
    /// holds the thread lists between calls so matching never allocates.
    func matches(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer,
                 scratch: inout PatternScratch) -> Bool {
        match(first, second, scratch: &scratch) == .matched
    }

    enum Outcome { case matched, failed, undecided }

    /// As `matches`, telling apart input that can never match however it
    /// goes on (`failed`: every thread died) from input that still might.
    func match(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer,
               scratch: inout PatternScratch) -> Outcome {
        scratch.prepare(count: program.count)
        if scratch.addThread(0, program: program) { return .matched }
        scratch.endStep()
        if step(first, &scratch) || step(second, &scratch) { return .matched }
        return scratch.current.isEmpty ? .failed : .undecided
    }

    /// The bytes a match can begin with, or nil when the empty input
    /// already matches (every input does).
    var firstBytes: ByteClass? {
        var reached = ByteClass(), seen = Set<Int32>(), stack: [Int32] = [0]
        while let pc = stack.popLast() {
            guard seen.insert(pc).inserted else { continue }
            let instruction = program[Int(pc)]
            switch instruction.operation {
            case .accept: return nil
            case .jump: stack.append(instruction.operand)
            case .split: stack += [instruction.operand, instruction.alternative]
            case .byte: reached.formUnion(classes[Int(instruction.operand)])
            }
        }
        return reached
    }

    private func step(_ bytes: UnsafeRawBufferPointer, _ scratch: inout PatternScratch) -> Bool {
        for byte in bytes {
            guard !scratch.current.isEmpty else { return false }
            let threads = scratch.current
            scratch.beginStep()
            for pc in threads where classes[Int(program[Int(pc)].operand)].contains(byte) {
                if scratch.addThread(pc + 1, program: program) { return true }
            }
            scratch.endStep()
        }
        return false
    }
}

/// A set of byte values.
struct ByteClass: Sendable, Equatable {
    var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static let any = ByteClass(negating: ByteClass())

    init() {}

    init(negating other: ByteClass) {
        bits = (~other.bits.0, ~other.bits.1, ~other.bits.2, ~other.bits.3)
    }

    init(_ byte: UInt8) { insert(byte) }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    mutating func insert(_ range: ClosedRange<UInt8>) { for byte in range { insert(byte) } }

    mutating func formUnion(_ other: ByteClass) {
        bits = (bits.0 | other.bits.0, bits.1 | other.bits.1, bits.2 | other.bits.2, bits.3 | other.bits.3)
    }

    func contains(_ byte: UInt8) -> Bool {
        let word: UInt64
        switch byte >> 6 {
        case 0: word = bits.0
        case 1: word = bits.1
        case 2: word = bits.2
        default: word = bits.3
        }
        return word >> UInt64(byte & 63) & 1 != 0
    }

    static func == (a: ByteClass, b: ByteClass) -> Bool { a.bits == b.bits }
}

/// The thread lists of one match: the instructions waiting for the next byte,
/// deduplicated by the step in which they were last added.
struct PatternScratch {
    private(set) var current: [Int32] = []
    private var next: [Int32] = []
    private var addedAt: [UInt32] = []
    private var step: UInt32 = 0
    private var stack: [Int32] = []

    init() {}

    /// Empties the lists for a new match of a program of `count` instructions.
    mutating func prepare(count: Int) {
        if addedAt.count < count { addedAt = [UInt32](repeating: 0, count: count) }
        current.removeAll(keepingCapacity: true)
        advance()
    }

    /// Starts collecting the threads that survive the next byte.
    mutating func beginStep() { advance() }

    /// The surviving threads become the current ones.
    mutating func endStep() {
        swap(&current, &next)
    }

    private mutating func advance() {
        next.removeAll(keepingCapacity: true)
        step &+= 1
        if step == 0 {
            for i in addedAt.indices { addedAt[i] = 0 }
            step = 1
        }
    }

    /// Follows `pc`'s jumps and splits; the byte-consuming instructions reached
    /// wait for the next byte. True when the pattern accepts.
    mutating func addThread(_ pc: Int32, program: [BytePattern.Instruction]) -> Bool {
        stack.removeAll(keepingCapacity: true)
        stack.append(pc)
        while let pc = stack.popLast() {
            guard addedAt[Int(pc)] != step else { continue }
            addedAt[Int(pc)] = step
            let instruction = program[Int(pc)]
            switch instruction.operation {
            case .accept: return true
            case .jump: stack.append(instruction.operand)
            case .split:
                stack.append(instruction.alternative)
                stack.append(instruction.operand)
            case .byte: next.append(pc)
            }
        }
        return false
    }
}

/// Why a pattern did not compile.
public struct BytePatternError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
