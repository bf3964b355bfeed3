import Foundation

/// One slice through `SliceProcessor` for `otsensor reprocess`: a fault of the
/// slice (not a capture, unreadable, truncated) becomes its outcome and the job
/// goes on; a fault of the job (the output cannot be written, a bad `--filter`
/// or p0f database, which every slice would meet again) is thrown and stops it.
struct SliceAttempt {
    let template: SliceOptions

    /// Processes `slice` into `output` with the stream's state in `state`.
    func run(_ slice: ArchivedSlice, output: String, state: String) throws -> SliceOutcome {
        var options = template
        options.inputPaths = [slice.path]
        options.outputPath = output
        options.stateDirectory = state
        options.showProgress = false
        options.force = FileManager.default.fileExists(atPath: output)
        let report: SliceReport
        do {
            report = try SliceProcessor(options: options).run()
        } catch let error as CaptureError {
            return .failed(error.description)
        } catch {
            if Self.stopsTheJob(error) { throw error }
            return .failed(String(describing: error))
        }
        guard report.truncated else { return .processed }
        return .damaged(report.manifest.warnings.first { $0.hasPrefix("capture damaged") } ?? "the capture is truncated")
    }

    static func stopsTheJob(_ error: Error) -> Bool {
        switch error {
        case is OutputError, is LogFileError, is FileModeError, is SpoolError, is P0fDatabaseError, is CaptureFilterError:
            true
        default:
            false
        }
    }
}
