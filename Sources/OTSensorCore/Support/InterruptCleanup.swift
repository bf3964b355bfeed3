import Dispatch
import Foundation

/// Removes a slice's unfinished files when the process is told to stop
/// (SIGINT, SIGTERM, SIGHUP), then exits with 128 + the signal's number, as a
/// shell reports it. Without this a Ctrl-C or a `systemctl stop` would leave
/// `<out>.tmp-<pid>` behind until the next run for the same output.
public enum InterruptCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: Set<String> = []
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Installs the handlers; called once by a command that writes slices.
    public static func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        // A queue of its own: the global queue's threads may all be busy analysing.
        let queue = DispatchQueue(label: "otsensor.signals")
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { stop(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    static func register(_ path: String) {
        lock.lock()
        paths.insert(path)
        lock.unlock()
    }

    static func unregister(_ path: String) {
        lock.lock()
        paths.remove(path)
        lock.unlock()
    }

    private static func stop(_ signalNumber: Int32) {
        lock.lock()
        let pending = paths
        lock.unlock()
        FileHandle.standardError.write(Data("stopped by signal \(signalNumber); removing unfinished output\n".utf8))
        // Worker threads may still be creating files in a directory being removed: try again.
        for path in pending {
            for _ in 0..<5 where FileManager.default.fileExists(atPath: path) {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        _exit(128 + signalNumber)
    }
}
