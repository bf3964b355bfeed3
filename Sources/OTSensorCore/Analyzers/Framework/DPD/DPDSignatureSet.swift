/// The signatures content detection runs: those whose `enable` names a
/// registered analyzer or recogniser, and the signatures they require of the
/// other direction. At most 64, so a connection records what matched as a
/// bit mask per direction.
struct DPDSignatureSet: Sendable {
    let signatures: [DPDSignature]
    /// The slot each signature's `enable` attaches; nil for a signature that
    /// only serves as another's precondition.
    let slots: [Int?]
    /// The index of each signature's `requires-reverse-signature`.
    let reverse: [Int?]
    /// Each signature's pattern compiled to a DFA (nil: too many states).
    let automata: [PatternDFA?]

    /// Whether any signature reads TCP streams, UDP datagrams: detection
    /// watches only connections some signature could match.
    let readsTCP: Bool, readsUDP: Bool

    init(files: [String], slots slotNames: [String: Int]) throws(DPDSignatureError) {
        var all: [DPDSignature] = []
        for file in files { all += try DPDSignature.parse(file) }
        var byName: [String: Int] = [:]
        for (i, signature) in all.enumerated() {
            guard byName[signature.name] == nil else {
                throw DPDSignatureError(message: "signature \(signature.name) is defined twice")
            }
            byName[signature.name] = i
        }
        // Keep the enabling signatures of registered names, then what they require.
        var wanted = Set(all.indices.filter { all[$0].enables.flatMap { slotNames[$0] } != nil })
        var frontier = Array(wanted)
        while let i = frontier.popLast() {
            guard let required = all[i].requiresReverse else { continue }
            guard let j = byName[required] else {
                throw DPDSignatureError(message: "signature \(all[i].name) requires unknown \(required)")
            }
            if wanted.insert(j).inserted { frontier.append(j) }
        }
        let kept = all.indices.filter { wanted.contains($0) }
        guard kept.count <= 64 else { throw DPDSignatureError(message: "more than 64 signatures in use") }
        let position = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        signatures = kept.map { all[$0] }
        slots = signatures.map { $0.enables.flatMap { slotNames[$0] } }
        reverse = signatures.map { $0.requiresReverse.flatMap { byName[$0] }.flatMap { position[$0] } }
        automata = signatures.map { PatternDFA($0.payload) }
        readsTCP = signatures.contains { $0.ipProtocol == nil || $0.ipProtocol == 6 }
        readsUDP = signatures.contains { $0.ipProtocol == nil || $0.ipProtocol == 17 }
    }
}
