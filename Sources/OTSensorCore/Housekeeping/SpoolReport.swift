import Foundation

/// A plain-text account of a spool for support bundles: per folder the count, size and
/// the ages of the oldest and newest entries; the upload state; and libpcap's drop
/// counts per slice from the capture.json files.
public struct SpoolReport: Sendable {
    public let layout: SpoolLayout

    public init(layout: SpoolLayout) { self.layout = layout }

    public func summary(now: Date = Date()) -> String {
        var lines = ["spool: \(layout.root.path)"]
        let items = (try? SpoolInventory(layout: layout).items()) ?? []
        for kind in [SpoolItem.Kind.pending, .logs, .undelivered, .delivered, .capture, .quarantined] {
            let group = items.filter { $0.kind == kind }
            let bytes = group.reduce(Int64(0)) { $0 + $1.bytes }
            var line = "\(kind.rawValue): \(group.count) entries, \(bytes) bytes"
            if let oldest = group.map(\.modified).min(), let newest = group.map(\.modified).max() {
                line += ", oldest \(Self.age(oldest, now)) ago, newest \(Self.age(newest, now)) ago"
            }
            lines.append(line)
        }
        let state = UploadState.load(from: layout.stateFile)
        lines.append("last delivery: " + (state.lastDelivery.map { "\(ISO8601DateFormatter().string(from: $0)) (\(state.lastDeliveredArchive ?? "?"))" } ?? "none recorded"))
        lines.append("upload failures in a row: \(state.consecutiveFailures)")
        if let next = state.nextAttempt { lines.append("next upload attempt not before: \(ISO8601DateFormatter().string(from: next))") }
        if let error = state.lastError { lines.append("last upload error: \(error)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per slice with libpcap counts, newest last, and the totals.
    public func captureDrops() -> String {
        var rows: [CaptureStatistics] = []
        let logDirectories = (try? FileManager.default.contentsOfDirectory(atPath: layout.logs.path)) ?? []
        for name in logDirectories {
            let file = layout.logs.appendingPathComponent(name).appendingPathComponent("capture.json")
            if let data = try? Data(contentsOf: file), let stats = try? CaptureStatistics.decode(data) { rows.append(stats) }
        }
        let sidecars = (try? FileManager.default.contentsOfDirectory(atPath: layout.incoming.path)) ?? []
        for name in sidecars where name.hasSuffix(".capture.json") {
            if let data = try? Data(contentsOf: layout.incoming.appendingPathComponent(name)),
               let stats = try? CaptureStatistics.decode(data) { rows.append(stats) }
        }
        rows.sort { $0.slice < $1.slice }
        var lines = ["slice\tinterface\twritten\treceived\tdropped\tinterface_dropped"]
        lines += rows.map { "\($0.slice)\t\($0.interface)\t\($0.written)\t\($0.received)\t\($0.dropped)\t\($0.interfaceDropped)" }
        lines.append("total\t-\t\(rows.reduce(0) { $0 + $1.written })\t\(rows.reduce(UInt64(0)) { $0 + $1.received })\t\(rows.reduce(UInt64(0)) { $0 + $1.dropped })\t\(rows.reduce(UInt64(0)) { $0 + $1.interfaceDropped })")
        return lines.joined(separator: "\n") + "\n"
    }

    static func age(_ date: Date, _ now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 120 { return "\(seconds)s" }
        if seconds < 7200 { return "\(seconds / 60)m" }
        if seconds < 172_800 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }
}
