/// Zeek's signature engine for dynamic protocol detection, on one shard:
/// matches a connection's first payload against the signature set and says
/// which slots the matches attach.
///
/// TCP payload is matched as a stream per direction (a pattern is anchored at
/// the direction's first byte), UDP payload per datagram. A signature with
/// `requires-reverse-signature` fires once its pattern matched and the other
/// direction matched the required one, in whichever order that happens.
struct DPDMatcher {
    let set: DPDSignatureSet
    private var scratch = PatternScratch()

    init(_ set: DPDSignatureSet) { self.set = set }

    /// Matches the next chunk of one direction (TCP: the stream so far plus
    /// `bytes`; UDP: the datagram alone) and returns the slots to attach.
    mutating func match(_ bytes: UnsafeRawBufferPointer, isOrig: Bool, ipProtocol: UInt8,
                        buffer: inout DPDBuffer) -> UInt64 {
        var attach: UInt64 = 0
        let done = isOrig ? buffer.matched.orig | buffer.pending.orig | buffer.failed.orig
            : buffer.matched.resp | buffer.pending.resp | buffer.failed.resp
        for (index, signature) in set.signatures.enumerated() {
            let bit = UInt64(1) << UInt64(index)
            guard done & bit == 0, applies(signature, isOrig: isOrig, ipProtocol: ipProtocol, length: bytes.count)
            else { continue }
            let outcome = ipProtocol == 6
                ? buffer.withDirection(isOrig: isOrig) { match(index, $0, bytes) }
                : match(index, UnsafeRawBufferPointer(start: nil, count: 0), bytes)
            // A stream's pattern is anchored at its first byte: once no
            // prefix can match, no later byte can help, and it is not tried again.
            if outcome == .failed && ipProtocol == 6 {
                if isOrig { buffer.failed.orig |= bit } else { buffer.failed.resp |= bit }
            }
            guard outcome == .matched else { continue }
            if isOrig { buffer.pending.orig |= bit } else { buffer.pending.resp |= bit }
            attach |= firePending(&buffer)
        }
        return attach
    }

    /// Every watched connection's first kilobyte meets every signature: by
    /// its DFA, or thread by thread for a pattern too big to compile.
    private mutating func match(_ index: Int, _ first: UnsafeRawBufferPointer,
                                _ second: UnsafeRawBufferPointer) -> BytePattern.Outcome {
        if let dfa = set.automata[index] { return dfa.match(first, second) }
        return set.signatures[index].payload.match(first, second, scratch: &scratch)
    }

    private func applies(_ signature: DPDSignature, isOrig: Bool, ipProtocol: UInt8, length: Int) -> Bool {
        if let proto = signature.ipProtocol, proto != ipProtocol { return false }
        if let direction = signature.direction, ipProtocol == 6, (direction == .originator) != isOrig { return false }
        return signature.payloadSizes.contains(length)
    }

    /// Fires every pending signature whose reverse requirement is met, until
    /// none is left to fire (a firing may meet another's requirement).
    private func firePending(_ buffer: inout DPDBuffer) -> UInt64 {
        var attach: UInt64 = 0
        var fired = true
        while fired {
            fired = false
            for isOrig in [true, false] {
                var pending = isOrig ? buffer.pending.orig : buffer.pending.resp
                let opposite = isOrig ? buffer.matched.resp : buffer.matched.orig
                while pending != 0 {
                    let index = pending.trailingZeroBitCount
                    let bit = UInt64(1) << UInt64(index)
                    pending &= ~bit
                    if let required = set.reverse[index], opposite & (1 << UInt64(required)) == 0 { continue }
                    if isOrig {
                        buffer.pending.orig &= ~bit
                        buffer.matched.orig |= bit
                    } else {
                        buffer.pending.resp &= ~bit
                        buffer.matched.resp |= bit
                    }
                    if let slot = set.slots[index] { attach |= 1 << UInt64(slot) }
                    fired = true
                }
            }
        }
        return attach
    }
}
