import Foundation

/// The folders and files of one spool directory. Every step moves data forward by
/// renaming within one file system, so a crash leaves each file either where it was
/// or where it is going, never half-way:
///
///     incoming/<id>.pcap          complete captures (written as .pcap.part, renamed when closed)
///     incoming/<id>.capture.json  libpcap's received/dropped counts for that capture
///     logs/<id>/                  process-slice output for the slice
///     outbox/<id>.tar.zst         archives waiting for upload
///     sent/<id>.tar.zst           delivered archives, when `keepSent` is set
///     captures/<id>.pcap          processed captures, when `keepPcap` is set
///     quarantine/<file>           captures process-slice refused, with <file>.error.txt
///     sent.log                    one line per delivered archive: the sent-record
///     state.json                  upload backoff and last delivery
///     rules-cache/                the compiled rules, for the next run's quick start
///     lock, send.lock             flock(2) locks
public struct SpoolLayout: Sendable, Equatable {
    public let root: URL

    public init(root: String) {
        self.root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
    }

    public var incoming: URL { folder("incoming") }
    public var logs: URL { folder("logs") }
    public var outbox: URL { folder("outbox") }
    public var sent: URL { folder("sent") }
    public var captures: URL { folder("captures") }
    public var quarantine: URL { folder("quarantine") }
    public var sentRecord: URL { root.appendingPathComponent("sent.log") }
    public var stateFile: URL { root.appendingPathComponent("state.json") }
    /// The connections open at the end of the last slice processed, which the
    /// next slice continues (the spool holds one capture stream).
    public var carriedState: URL { root.appendingPathComponent("carried") }
    /// The compiled-rules cache of `run` (rebuilt whenever it is missing or stale).
    public var rulesCache: URL { root.appendingPathComponent("rules-cache", isDirectory: true) }
    /// Held by `run` and `clean`, which move and remove the same files.
    public var lockFile: URL { root.appendingPathComponent("lock") }
    /// Held by `send`: a slow upload must not hold back processing.
    public var sendLockFile: URL { root.appendingPathComponent("send.lock") }
    /// Held by `capture`: one capture process writes a spool's incoming/.
    public var captureLockFile: URL { root.appendingPathComponent("capture.lock") }

    /// Every folder a step may write to, created on demand.
    public var folders: [URL] { [incoming, logs, outbox, sent, captures, quarantine] }

    public func create() throws {
        for folder in [root] + folders {
            do {
                try FileModes.makeDirectory(folder.path)
            } catch {
                throw SpoolError.notWritable(folder.path, reason: error.localizedDescription)
            }
        }
    }

    public func archive(for sliceID: String) -> URL { outbox.appendingPathComponent("\(sliceID).tar.zst") }
    public func logDirectory(for sliceID: String) -> URL { logs.appendingPathComponent(sliceID, isDirectory: true) }

    private func folder(_ name: String) -> URL { root.appendingPathComponent(name, isDirectory: true) }
}

/// Why a spool step could not go on.
public enum SpoolError: Error, CustomStringConvertible, Equatable {
    case notWritable(String, reason: String)
    case lockFailed(String, reason: String)

    public var description: String {
        switch self {
        case .notWritable(let path, let reason): "cannot write \(path): \(reason)"
        case .lockFailed(let path, let reason): "cannot lock \(path): \(reason)"
        }
    }
}
