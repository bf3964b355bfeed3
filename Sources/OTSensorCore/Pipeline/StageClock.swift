import Foundation
import Synchronization

/// The CPU time each stage of a slice spent, summed over every thread that
/// worked for it. Stages overlap in time on different threads, so wall time
/// cannot tell them apart; each thread's own CPU clock can. Read before and
/// after each stretch of work (a chunk, a shard's turn, a log), never per
/// packet: a clock read is a system call.
final class StageClock: Sendable {
    enum Stage: Int, CaseIterable {
        /// Copying packets out of libpcap into the chunks (the reading thread).
        case read
        /// Link to transport decoding, tunnels followed, by slice of a chunk.
        case decode
        /// IP fragment reassembly, one thread in capture order.
        case fragments
        /// Connection tables and analyzers, by shard.
        case analysis
        /// Taking, merging, encoding and writing every log.
        case logWriting
        /// The input's SHA-256, when no sidecar gives it.
        case digest
    }

    private let nanoseconds = Mutex<[Int64]>(Array(repeating: 0, count: Stage.allCases.count))

    /// Runs `body`, charging the CPU time it takes on this thread to `stage`.
    func measure<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let start = Self.threadCPUNanoseconds()
        defer { add(Self.threadCPUNanoseconds() - start, to: stage) }
        return try body()
    }

    func add(_ spent: Int64, to stage: Stage) {
        nanoseconds.withLock { $0[stage.rawValue] += spent }
    }

    func seconds(of stage: Stage) -> Double {
        Double(nanoseconds.withLock { $0[stage.rawValue] }) / 1e9
    }

    /// The CPU time the calling thread has used so far.
    static func threadCPUNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// The whole process's CPU time (user and system, every thread, start-up included).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
