import CPcre2
import Synchronization

/// `pcre` (detect-pcre.c): a PCRE2 pattern compiled once with JIT, matched
/// with Suricata's match limits so that a catastrophic pattern costs a
/// bounded amount of work (and is counted) instead of hanging a worker.
public struct PcreMatch: Sendable {
    public var regex: CompiledRegex
    public var negated: Bool
    public var relative: Bool
    /// `/O`: Suricata's match limits do not apply.
    public var unlimited: Bool
    /// The HTTP/file buffer its modifier letter selects (`/U` → http.uri…).
    public var buffer: BufferID?

    /// Suricata's defaults (pcre.match-limit, pcre.match-limit-recursion).
    static let matchLimit: UInt32 = 3500
    static let depthLimit: UInt32 = 1500

    static let bufferModifiers: [Character: String] = [
        "U": "http.uri", "I": "http.uri.raw", "P": "http.request_body", "Q": "file.data",
        "H": "http.header", "D": "http.header.raw", "M": "http.method", "C": "http.cookie",
        "S": "http.stat_code", "Y": "http.stat_msg", "V": "http.user_agent", "W": "http.host",
        "Z": "http.host.raw",
    ]

    static func parse(_ raw: String) throws(RuleError) -> PcreMatch {
        let (negated, quoted) = try raw.quotedArgument(of: "pcre")
        let text = String(quoted)
        guard text.hasPrefix("/"), let close = text.lastIndex(of: "/"), close != text.startIndex else {
            throw RuleError("pcre must be /pattern/flags: \(raw)")
        }
        let pattern = String(text[text.index(after: text.startIndex)..<close])
        var options: UInt32 = 0
        var relative = false, unlimited = false
        var buffer: BufferID?
        for flag in text[text.index(after: close)...] {
            switch flag {
            case "i": options |= UInt32(PCRE2_CASELESS)
            case "s": options |= UInt32(PCRE2_DOTALL)
            case "m": options |= UInt32(PCRE2_MULTILINE)
            case "x": options |= UInt32(PCRE2_EXTENDED)
            case "A": options |= UInt32(PCRE2_ANCHORED)
            case "E": options |= UInt32(PCRE2_DOLLAR_ENDONLY)
            case "G": options |= UInt32(PCRE2_UNGREEDY)
            case "R": relative = true
            case "O": unlimited = true
            case "B": break
            default:
                guard let name = bufferModifiers[flag] else { throw RuleError("unknown pcre flag \(flag) in \(raw)") }
                buffer = .app(name)
            }
        }
        let regex = try CompiledRegex(pattern: pattern, options: options)
        return PcreMatch(regex: regex, negated: negated, relative: relative, unlimited: unlimited, buffer: buffer)
    }
}

/// A compiled PCRE2 pattern, JIT-compiled when first matched; shared by every
/// worker (each brings its own match data, `RegexScratch`). The JIT is left
/// to the first match because the prefilter keeps most of a ruleset's
/// patterns from ever running, and JIT-compiling ET Open's 4,500 costs
/// ~0.1 s of every start-up (most of a warm compiled-rules cache's).
public final class CompiledRegex: @unchecked Sendable {
    let code: OpaquePointer
    /// What it was compiled from (the compiled-rules cache keeps these).
    let pattern: String
    let options: UInt32
    private let jitCompiled = Atomic<Bool>(false)
    /// Held while JIT-compiling: no match may run on `code` meanwhile.
    private let jitLock = Mutex<Void>(())

    init(pattern: String, options: UInt32) throws(RuleError) {
        self.pattern = pattern
        self.options = options
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer {
            pcre2_compile_8($0.baseAddress, $0.count, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            var message = [UInt8](repeating: 0, count: 256)
            let n = pcre2_get_error_message_8(errorCode, &message, message.count)
            let text = n > 0 ? String(decoding: message.prefix(Int(n)), as: UTF8.self) : "error \(errorCode)"
            throw RuleError("pcre does not compile at offset \(errorOffset): \(text)")
        }
        code = compiled
    }

    /// JIT-compiles the pattern once, before its first match; a pattern the
    /// JIT refuses is matched by PCRE2's interpreter, as before.
    private func prepare() {
        if jitCompiled.load(ordering: .acquiring) { return }
        jitLock.withLock { _ in
            guard !jitCompiled.load(ordering: .relaxed) else { return }
            pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE))
            jitCompiled.store(true, ordering: .releasing)
        }
    }

    deinit { pcre2_code_free_8(code) }

    /// The first match at or after `start` in `subject`, as (start, end).
    func firstMatch(in subject: UnsafeRawBufferPointer, from start: Int, limited: Bool,
                    scratch: RegexScratch) -> RegexOutcome {
        prepare()
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(scratch.emptySubject)
        let rc = pcre2_match_8(code, base, subject.count, start, 0, scratch.matchData,
                               limited ? scratch.limitedContext : scratch.unlimitedContext)
        if rc >= 0 {
            let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
            return .match(Int(ovector[0]), Int(ovector[1]))
        }
        if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT {
            return .limitHit
        }
        return .noMatch
    }
}

enum RegexOutcome: Equatable {
    case match(Int, Int)
    case noMatch
    case limitHit
}

/// One worker's PCRE2 match data and match contexts.
public final class RegexScratch {
    let matchData: OpaquePointer
    let limitedContext: OpaquePointer
    let unlimitedContext: OpaquePointer
    let emptySubject: UnsafeMutablePointer<UInt8>

    public init() {
        matchData = pcre2_match_data_create_8(64, nil)
        limitedContext = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(limitedContext, PcreMatch.matchLimit)
        pcre2_set_depth_limit_8(limitedContext, PcreMatch.depthLimit)
        unlimitedContext = pcre2_match_context_create_8(nil)
        emptySubject = .allocate(capacity: 1)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(limitedContext)
        pcre2_match_context_free_8(unlimitedContext)
        emptySubject.deallocate()
    }
}
