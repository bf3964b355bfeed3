import Foundation

/// One shard's range of one capture stream, slice after slice, with the state
/// carried from each slice to the next.
///
/// A slice whose output is current is skipped. The first slice redone must
/// start from the state after its predecessor: the journal says whether the
/// state directory holds it (the job was stopped between two slices); if not
/// (the range starts mid-stream, or the job was killed inside a slice), the
/// predecessor is processed again from a fresh state into a throwaway output
/// first, its warm-up. A bad slice resets the state after it, in this and in
/// any other run, so every shard decides alike.
///
/// A warm-up rebuilds exactly the state one unsharded run has when no
/// connection is open across two slice boundaries in a row; a connection open
/// longer is seen from the predecessor's first packet on, as a connection
/// first seen mid-stream.
struct StreamReprocessor {
    let stream: CaptureStream
    let range: Range<Int>
    let destination: String
    let place: StreamPlace
    let attempt: SliceAttempt
    /// What a current output of the slice at a path records.
    let expectation: (String) -> FinishedOutput.Expectation
    let report: (ArchivedSlice, SliceOutcome) -> Void
    let warn: (String) -> Void

    /// Returns how many warm-ups it ran.
    func run() throws -> Int {
        var warmUps = 0
        try SharedDirectories.create(place.directory)
        for position in range {
            let slice = stream.slices[position]
            let output = "\(destination)/\(slice.outputRelativePath)"
            if case .current(let damage) = FinishedOutput.check(output, expected: expectation(slice.path)) {
                report(slice, damage.map { .damaged($0) } ?? .alreadyDone)
                continue
            }
            if try prepareState(before: position) { warmUps += 1 }
            try place.journal.forget()  // from here until it is recorded, the state is in flux
            let outcome = try process(slice, into: output)
            report(slice, outcome)
            try place.journal.record(stateAfter: slice.relativePath)
        }
        return warmUps
    }

    /// Puts the state after slice `position - 1` in place; returns whether that took a warm-up.
    /// The journal is forgotten before the state is touched, so that it never names a state
    /// that is gone.
    private func prepareState(before position: Int) throws -> Bool {
        let predecessor = position > 0 ? stream.slices[position - 1] : nil
        if let predecessor, place.journal.stateAfter() == predecessor.relativePath { return false }
        try place.journal.forget()
        try resetState()
        guard let predecessor else { return false }
        _ = try process(predecessor, into: place.warmUp, reporting: false)
        try? FileManager.default.removeItem(atPath: place.warmUp)
        try place.journal.record(stateAfter: predecessor.relativePath)
        return true
    }

    /// Processes one slice with the carried state; a bad one resets the state after it.
    private func process(_ slice: ArchivedSlice, into output: String, reporting: Bool = true) throws -> SliceOutcome {
        let outcome: SliceOutcome
        if let refusal = slice.refusal {
            outcome = .failed(refusal)
        } else {
            try SharedDirectories.create((output as NSString).deletingLastPathComponent)
            for cleaned in StaleOutputs.clean(output: output) { warn(cleaned) }
            outcome = try attempt.run(slice, output: output, state: place.state)
        }
        if outcome.isBad {
            try resetState()
            if reporting {
                warn("\(slice.relativePath): \(Self.reason(outcome)); the state of stream \(stream.displayName) "
                     + "starts afresh after it")
            }
        }
        return outcome
    }

    private func resetState() throws {
        guard FileManager.default.fileExists(atPath: place.state) else { return }
        do {
            try FileManager.default.removeItem(atPath: place.state)
        } catch {
            throw OutputError.notWritable(place.state, reason: "cannot remove the stream's state to start afresh")
        }
    }

    private static func reason(_ outcome: SliceOutcome) -> String {
        switch outcome {
        case .failed(let reason): reason
        case .damaged(let reason): "damaged: \(reason)"
        case .processed, .alreadyDone: ""
        }
    }
}
