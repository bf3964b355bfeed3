import Foundation

/// The lock of a capture stream's state directory (`DIR/lock`), held from
/// before the state is read until the slice is published.
enum StreamLock {
    /// Takes the lock of `stateDirectory` (none without `--state`), waiting for
    /// a slice that holds it; returns a warning saying how long it waited.
    static func take(stateDirectory: String?) throws -> (lock: SpoolLock?, warnings: [String]) {
        guard let stateDirectory else { return (nil, []) }
        try FileModes.makeDirectory(stateDirectory)
        let file = URL(fileURLWithPath: stateDirectory).appendingPathComponent("lock")
        if let lock = try SpoolLock.acquire(file) { return (lock, []) }
        let started = Date()
        let lock = try SpoolLock.wait(file)
        return (lock, [String(format: "waited %.1f s for another slice of this stream to finish with %@",
                              Date().timeIntervalSince(started), stateDirectory)])
    }
}
