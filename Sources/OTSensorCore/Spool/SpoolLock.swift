import Foundation

/// An exclusive flock(2) on a spool's lock file, so two runs of the same step (cron
/// starting a minute's run while the last one is still busy) never work on the same
/// files. The kernel drops the lock when the process dies, so a crash never leaves a
/// stale lock behind.
public final class SpoolLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock, or returns nil at once if another process holds it.
    public static func acquire(_ file: URL) throws -> SpoolLock? {
        let descriptor = open(file.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FileModes.owner)
        guard descriptor >= 0 else {
            throw SpoolError.lockFailed(file.path, reason: errno == ELOOP ? "it is a symbolic link"
                                        : String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            throw SpoolError.lockFailed(file.path, reason: String(cString: strerror(code)))
        }
        return SpoolLock(descriptor: descriptor)
    }

    /// Takes the lock, waiting for the process that holds it.
    public static func wait(_ file: URL) throws -> SpoolLock {
        let descriptor = open(file.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FileModes.owner)
        guard descriptor >= 0 else {
            throw SpoolError.lockFailed(file.path, reason: errno == ELOOP ? "it is a symbolic link"
                                        : String(cString: strerror(errno)))
        }
        while flock(descriptor, LOCK_EX) != 0 {
            let code = errno
            guard code == EINTR else {
                close(descriptor)
                throw SpoolError.lockFailed(file.path, reason: String(cString: strerror(code)))
            }
        }
        return SpoolLock(descriptor: descriptor)
    }

    deinit { close(descriptor) }
}
