/// Whether a rule's payload matchers read single packets, the reassembled
/// TCP stream, or both: Suricata's SIG_FLAG_REQUIRE_PACKET,
/// SIG_FLAG_REQUIRE_STREAM and SIG_FLAG_REQUIRE_STREAM_ONLY (detect-parse.c
/// SigConsolidateTcpBuffer, detect-flow.c, and the packet keywords'
/// setup functions).
struct StreamRequirement: OptionSet, Sendable {
    let rawValue: UInt8
    /// Needs a real packet: `dsize`, header keywords, `flow:no_stream`,
    /// `tcp-pkt`, or a TCP content with `depth`/`offset` (which also reads
    /// the stream).
    static let packet = StreamRequirement(rawValue: 1)
    /// Reads stream chunks: every TCP rule with payload matchers and no
    /// packet keyword, `tcp-stream`, `flow:only_stream`.
    static let stream = StreamRequirement(rawValue: 2)
    /// `flow:only_stream`: never falls back to the packet's payload.
    static let streamOnly = StreamRequirement(rawValue: 4)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ s: Signature) {
        var flags: StreamRequirement = []
        if s.flow.noStream || s.dsize != nil || !s.headerChecks.isEmpty { flags.insert(.packet) }
        if s.flow.onlyStream { flags.formUnion([.stream, .streamOnly]) }
        if s.flow.streamHeader { flags.insert(.stream) }
        let payload = s.buffers.first { $0.buffer == .payload && !$0.matchers.isEmpty }
        if let payload, s.proto.admits(ipProtocol: 6), flags.isDisjoint(with: [.packet, .stream]) {
            flags.insert(.stream)
            let anchored = payload.matchers.contains {
                if case .content(let c) = $0 { return c.depth != nil || c.offset != nil || c.startsWith }
                return false
            }
            if anchored { flags.insert(.packet) }
        }
        self = flags
    }
}
