import CaptureGenerator
import Foundation
import XCTest

/// Consecutive one-minute captures of one stream, as `otsensor capture` leaves them in
/// incoming/: many short TCP connections each, and one connection that stays open
/// from the first slice to the last, so carried state matters to every slice's logs.
enum StreamCaptures {
    /// 2026-11-23T10:41:00Z, the first slice's start.
    static let firstStart: Int64 = 1_795_430_460

    static func id(_ slice: Int) -> String {
        String(format: "20261123T10%02d00Z-plant-a-sensor-1", 41 + slice)
    }

    /// Writes `slices` captures of `connections` short connections each into `folder`.
    @discardableResult
    static func write(slices: Int, connections: Int, into folder: URL) throws -> [String] {
        var long = TCPConversation(client: "192.168.1.10", clientPort: 60_000, server: "192.168.1.30", serverPort: 102,
                                   clock: PacketClock(start: CaptureTime(seconds: firstStart)))
        long.syn(); long.synAck(); long.ack(from: .client)
        var ids: [String] = []
        for slice in 0..<slices {
            let start = firstStart + Int64(slice) * 60
            var packets = slice == 0 ? long.packets : []
            var clock = PacketClock(start: CaptureTime(seconds: start, nanoseconds: 1_000_000), step: 200_000)
            for index in 0..<connections {
                var tcp = TCPConversation(client: "192.168.1.10", clientPort: UInt16(10_000 + index),
                                          server: "192.168.1.20", serverPort: 80, clock: clock)
                tcp.syn(); tcp.synAck(); tcp.ack(from: .client)
                tcp.send(Array("GET /\(slice)/\(index) HTTP/1.1\r\n\r\n".utf8), from: .client)
                tcp.send(Array(repeating: UInt8(ascii: "a") + UInt8(index % 26), count: 64 + index % 200), from: .server)
                tcp.fin(from: .client); tcp.fin(from: .server); tcp.ack(from: .client)
                packets += tcp.packets
                clock = tcp.clock
            }
            long.clock = PacketClock(start: CaptureTime(seconds: start + 50))
            let before = long.packets.count
            long.send([0x03, 0x00, 0x00, 0x07, 0x02, 0xF0, 0x80], from: .client)
            if slice == slices - 1 { long.fin(from: .client); long.fin(from: .server); long.ack(from: .client) }
            packets += long.packets[before...]
            try Capture(packets).write(to: folder.appendingPathComponent("\(id(slice)).pcap").path)
            ids.append(id(slice))
        }
        return ids
    }
}

/// A tmpfs of a fixed size, mounted for one test and unmounted when it ends: a file
/// system that really fills up. Mounting needs root; without it the test is skipped
/// with the reason (scripts/test.sh and CI run as root).
struct SmallFileSystem {
    let mountPoint: URL
    private var filler: URL { mountPoint.appendingPathComponent("filler") }

    init(bytes: Int, at mountPoint: URL, for test: XCTestCase) throws {
        guard geteuid() == 0 else {
            throw XCTSkip("mounting a small tmpfs needs root (scripts/test.sh and CI run as root)")
        }
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mounted = try Executables.run(path: "/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", mountPoint.path])
        guard mounted.status == 0 else {
            throw XCTSkip("the kernel refused a tmpfs mount (an unprivileged container?): \(mounted.errorText)")
        }
        test.addTeardownBlock { _ = try? Executables.run(path: "/bin/umount", [mountPoint.path]) }
        self.mountPoint = mountPoint
    }

    /// Bytes a file may still grow by.
    var free: Int {
        var stats = statvfs()
        guard statvfs(mountPoint.path, &stats) == 0 else { return -1 }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }

    /// Fills the file system until `bytes` are left (rounded down to whole pages).
    func fill(leaving bytes: Int) throws {
        let take = free - bytes
        precondition(take >= 0, "only \(free) bytes free, \(bytes) asked to be left")
        if !FileManager.default.fileExists(atPath: filler.path) { try Data().write(to: filler) }
        let handle = try FileHandle(forWritingTo: filler)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(count: take))
    }

    /// Gives the filler's space back.
    func freeEverything() throws {
        if FileManager.default.fileExists(atPath: filler.path) { try FileManager.default.removeItem(at: filler) }
    }

    /// Pages of `size` bytes on a tmpfs: what a file of that size takes from its limit.
    static func pages(_ size: Int) -> Int { (size + 4095) / 4096 * 4096 }

    /// What the regular files under `folder` take from a tmpfs, page by page.
    static func footprint(of folder: URL) -> Int {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return 0 }
        var total = 0
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { total += pages(values?.fileSize ?? 0) }
        }
        return total
    }
}

/// An `otsensor` command started in the background, its standard error in a file.
final class BackgroundCommand {
    let process = Process()
    private let errorFile: URL

    init(_ arguments: [String], errorFile: URL) throws {
        self.errorFile = errorFile
        try Data().write(to: errorFile)
        process.executableURL = URL(fileURLWithPath: try Executables.path("otsensor"))
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Waits for the command to end; its exit status and standard error.
    func finish() -> (status: Int32, errorText: String) {
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }
}

/// Who holds flock(2) locks, read from /proc/locks, which lists them by inode: a test
/// can see that a command holds the spool's lock without taking it itself.
enum LockTable {
    static func holders(of file: URL) -> [Int32] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
              let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value,
              let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return [] }
        // "1: FLOCK  ADVISORY  WRITE 4242 00:2f:123456 0 EOF"
        return table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5].split(separator: ":").last == Substring(String(inode))
            else { return nil }
            return Int32(fields[4])
        }
    }

    /// Polls until `pid` holds `file`'s lock, or `pid` has ended.
    static func waitUntil(_ pid: Int32, holds file: URL, while running: () -> Bool) -> Bool {
        while running() {
            if holders(of: file).contains(pid) { return true }
            usleep(1_000)
        }
        return false
    }
}
