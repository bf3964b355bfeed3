import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The account `capture --user` switches to once the interface is open, as tcpdump's
/// `-Z` does: the open packet socket keeps working, every file written to the spool
/// afterwards belongs to that user, and the capture loop never runs as root.
struct UnprivilegedUser {
    let name: String
    let uid: uid_t
    let gid: gid_t

    /// Looks the account up before anything is opened, so that a typo fails at once.
    init(named name: String) throws {
        guard let entry = getpwnam(name) else {
            throw CommandFailure("--user \(name): no such user (the package creates 'otsensor' with systemd-sysusers)", status: 64)
        }
        self.name = name
        uid = entry.pointee.pw_uid
        gid = entry.pointee.pw_gid
    }

    /// Drops the supplementary groups, then the group, then the user (that order: once
    /// the user is changed the others can no longer be), and checks that root cannot
    /// be taken back.
    func become() throws {
        if getuid() == uid && geteuid() == uid && getgid() == gid { return }
        guard geteuid() == 0 else {
            throw CommandFailure("--user \(name): switching user needs root (running as uid \(geteuid()))", status: 64)
        }
        var groups = [gid]
        guard setgroups(1, &groups) == 0 else { throw failure("setgroups") }
        guard setgid(gid) == 0 else { throw failure("setgid(\(gid))") }
        guard setuid(uid) == 0 else { throw failure("setuid(\(uid))") }
        if uid != 0 && setuid(0) == 0 {
            throw CommandFailure("--user \(name): root could be regained after switching; refusing to go on", status: 3)
        }
        if let thread = threadsNotSwitched().first {
            throw CommandFailure("--user \(name): thread \(thread) still runs as another user; refusing to go on", status: 3)
        }
    }

    /// Credentials are per thread in Linux, and glibc's setuid changes a thread only if
    /// it can signal it (not one parked in pthread_exit, as libdispatch parks the main
    /// thread of an async main): every live thread of this process must now be the user's.
    private func threadsNotSwitched() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            guard let status = try? String(contentsOfFile: "/proc/self/task/\(task)/status", encoding: .utf8) else { return false }
            let uids = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?
                .dropFirst(4).split(whereSeparator: \.isWhitespace) ?? []
            return uids.contains { $0 != "\(uid)" }
        }
    }

    private func failure(_ call: String) -> CommandFailure {
        CommandFailure("--user \(name): \(call) failed: \(String(cString: strerror(errno)))", status: 3)
    }
}
