import Foundation

/// `otsensor support`: what a support engineer needs about the box, in one
/// `.tar.zst` (the sosreport of the existing sensor, kept to what otsensor needs). It
/// never reads the client key or any file the configuration names: the configuration
/// goes in as the already-redacted text the caller renders.
public struct SupportBundle: Sendable {
    public let layout: SpoolLayout
    public let configurationText: String
    public var probe = SystemProbe()

    public init(layout: SpoolLayout, configurationText: String) {
        self.layout = layout
        self.configurationText = configurationText
    }

    /// Bundle members, in order: (file name, content).
    public func sections(now: Date = Date()) -> [(String, String)] {
        let report = SpoolReport(layout: layout)
        return [
            ("otsensor.txt", "otsensor \(OTSensorVersion.current)\ngenerated \(ISO8601DateFormatter().string(from: now))\n"),
            ("os-release.txt", probe.file("/etc/os-release")),
            ("kernel.txt", probe.file("/proc/version") + probe.command("uname", ["-a"])),
            ("uptime.txt", probe.file("/proc/uptime") + probe.file("/proc/loadavg")),
            ("cpu.txt", probe.file("/proc/cpuinfo")),
            ("memory.txt", probe.file("/proc/meminfo")),
            ("disks.txt", probe.freeSpace(layout.root.path) + probe.freeSpace("/") + probe.command("df", ["-h"]) + probe.file("/proc/mounts")),
            ("network.txt", probe.file("/proc/net/dev") + probe.command("ip", ["-s", "link"]) + probe.command("ip", ["address"])),
            ("time-sync.txt", probe.command("timedatectl", ["status"]) + probe.command("timedatectl", ["show-timesync"])),
            ("configuration.txt", configurationText),
            ("spool.txt", report.summary(now: now)),
            ("capture-drops.txt", report.captureDrops()),
            ("journal.txt", probe.command("journalctl", ["--no-pager", "-n", "2000", "-u", "otsensor*"])),
        ]
    }

    public func write(to file: URL, level: Int32 = 10) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).tmp-\(getpid())")
        do {
            let writer = try ZstdFileWriter(path: temporary.path, level: level, mode: FileModes.owner)
            let tar = TarWriter(output: writer)
            let now = Date()
            for (name, text) in sections(now: now) {
                try tar.addFile(named: name, contents: Data(text.utf8), modified: now)
            }
            try tar.finish()
            try writer.finish()
            try AtomicRename.move(temporary, to: file)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
