import Foundation

/// One shard's range of one capture stream, slice after slice, with the state
/// carried from each slice to the next.
///
/// A slice whose output is current is skipped. The first slice redone must
/// start from the state after its predecessor. The journal says when the state
/// directory holds it (the job stopped between two slices); after a kill inside
/// a slice, the state file (or the one kept from before that slice) is the
/// predecessor's when it records the predecessor's input digest. Otherwise (the
/// range starts mid-stream, or the options changed) the `warmUp` slices before
/// it are processed again from a fresh state into a throwaway output: the
/// warm-up. A bad slice resets the state after it, in this and in any other
/// run, so every shard decides alike.
///
/// A warm-up rebuilds exactly the state one unsharded run has when no
/// connection is open (active, or idle until its inactivity timeout) across
/// more than `warmUp` slice boundaries in a row; a connection open longer is
/// seen from the warm-up's first packet on, as a connection first seen mid-stream.
struct StreamReprocessor {
    let stream: CaptureStream
    let range: Range<Int>
    let destination: String
    let place: StreamPlace
    let attempt: SliceAttempt
    let expectation: FinishedOutput.Expectation
    let verifyInput: Bool
    /// Slices processed before the first one redone when its state is not known.
    let warmUp: Int
    let report: (ArchivedSlice, SliceOutcome) -> Void
    let warn: (String) -> Void

    /// Returns how many slices it processed to warm up.
    func run() throws -> Int {
        var warmUps = 0
        try SharedDirectories.create(place.directory)
        for position in range {
            let slice = stream.slices[position]
            let output = "\(destination)/\(slice.outputRelativePath)"
            // A refused slice's output path is another slice's: never "current".
            let found = slice.refusal != nil ? .missing
                : FinishedOutput.check(output, expected: expectation, inputDigest: { try digest(of: slice) })
            if case .current(let damage) = found {
                report(slice, damage.map { .damaged($0) } ?? .alreadyDone)
                continue
            }
            warmUps += try prepareState(before: position)
            try place.journal.record(inFlight: slice.relativePath)
            try place.state.keepBefore()
            report(slice, try process(slice, into: output))
            try place.journal.record(stateAfter: slice.relativePath)
        }
        return warmUps
    }

    /// Puts the state after slice `position - 1` in place; returns how many slices that took to warm up.
    private func prepareState(before position: Int) throws -> Int {
        let predecessor = position > 0 ? stream.slices[position - 1] : nil
        if let predecessor, let entry = place.journal.read() {
            if entry.stateAfter == predecessor.relativePath { return 0 }
            if let digest = try? digest(of: predecessor), try place.state.recover(after: digest) {
                try place.journal.record(stateAfter: predecessor.relativePath)
                return 0
            }
        }
        // The journal is forgotten before the state is touched, so that it never names a state that is gone.
        try place.journal.forget()
        try place.state.reset()
        guard let predecessor else { return 0 }
        let warming = max(0, position - warmUp)..<position
        for earlier in warming {
            _ = try process(stream.slices[earlier], into: place.warmUpOutput, reporting: false)
            try? FileManager.default.removeItem(atPath: place.warmUpOutput)
        }
        try place.journal.record(stateAfter: predecessor.relativePath)
        return warming.count
    }

    /// Processes one slice with the carried state; a bad one resets the state after it.
    private func process(_ slice: ArchivedSlice, into output: String, reporting: Bool = true) throws -> SliceOutcome {
        let outcome: SliceOutcome
        if let refusal = slice.refusal {
            outcome = .failed(refusal)
        } else {
            if let parent = SharedDirectories.parent(of: output) { try SharedDirectories.create(parent) }
            for cleaned in StaleOutputs.clean(output: output) { warn(cleaned) }
            outcome = try attempt.run(slice, output: output, state: place.state.directory)
        }
        if outcome.isBad {
            try place.state.reset()
            if reporting {
                warn("\(slice.relativePath): \(Self.reason(outcome)); the state of stream \(stream.displayName) "
                     + "starts afresh after it")
            }
        }
        return outcome
    }

    private func digest(of slice: ArchivedSlice) throws -> String {
        try CaptureDigest.sha256(of: slice.path, verifyInput: verifyInput)
    }

    private static func reason(_ outcome: SliceOutcome) -> String {
        switch outcome {
        case .failed(let reason): reason
        case .damaged(let reason): "damaged: \(reason)"
        case .processed, .alreadyDone: ""
        }
    }
}
