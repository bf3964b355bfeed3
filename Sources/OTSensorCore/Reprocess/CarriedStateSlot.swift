import Foundation

/// One stream's carried state as a reprocessing shard keeps it: the `--state`
/// directory every slice is given, and beside it the state file as it was
/// before the slice in flight. The state file is replaced by a rename, so a
/// hard link keeps the old one at no cost; a job killed while a slice ran
/// gets the state before that slice back, instead of warming up. A slice
/// stages its next state (`carried.state.tmp-<pid>`) and puts it in force
/// after publishing its output: a job killed in between finds the slice done
/// and takes the staged state, and any other staged leftover is removed
/// before the next slice, which would otherwise report it.
struct CarriedStateSlot {
    /// The `--state` directory.
    let directory: String
    /// A directory holding the state file from before the slice in flight.
    let before: String

    private var file: String { "\(directory)/\(CarriedStateFile.name)" }
    private var beforeFile: String { "\(before)/\(CarriedStateFile.name)" }

    /// Keeps the current state file (or the absence of one) as the state before the next slice.
    func keepBefore() throws {
        try removeStaged()
        try SharedDirectories.create(before)
        guard unlink(beforeFile) == 0 || errno == ENOENT else { throw Self.error(beforeFile) }
        guard link(file, beforeFile) == 0 || errno == ENOENT else { throw Self.error(beforeFile) }
    }

    /// Makes the state the one after the slice whose input digest is `digest`, from the
    /// state directory or from the state kept before the slice in flight; false when
    /// neither is that state.
    func recover(after digest: String) throws -> Bool {
        if CarriedStateFile.savedAfterInput(in: directory) == digest { return true }
        for staged in stagedFiles() where CarriedStateFile.savedAfterInput(file: staged) == digest {
            guard rename(staged, file) == 0 else { throw Self.error(file) }
            return true
        }
        guard CarriedStateFile.savedAfterInput(in: before) == digest else { return false }
        try SharedDirectories.create(directory)
        guard rename(beforeFile, file) == 0 else { throw Self.error(file) }
        return true
    }

    /// States a killed slice staged and never put in force. The job holds the
    /// shard's lock, so no slice of the stream is running.
    private func stagedFiles() -> [String] {
        let prefix = CarriedStateFile.name + ".tmp-"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { $0.hasPrefix(prefix) }.sorted().map { "\(directory)/\($0)" }
    }

    private func removeStaged() throws {
        for staged in stagedFiles() where unlink(staged) != 0 && errno != ENOENT { throw Self.error(staged) }
    }

    /// The stream starts afresh: no state.
    func reset() throws {
        guard FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            throw OutputError.notWritable(directory, reason: "cannot remove the stream's state to start afresh")
        }
    }

    private static func error(_ path: String) -> OutputError {
        OutputError.notWritable(path, reason: String(cString: strerror(errno)))
    }
}
