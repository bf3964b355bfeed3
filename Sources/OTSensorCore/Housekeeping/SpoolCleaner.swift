import Foundation
import Logging

/// `otsensor clean`: removes logs, captures, delivered archives and quarantined files
/// older than the age limit, then, while the spool is over its capacity limit, the
/// oldest of them. Archives not yet delivered are removed only when nothing else is
/// left to remove and the spool is still too big, with a warning for each: data is
/// lost, but capture goes on. Captures waiting in incoming/ are never removed, nor the
/// logs run made of them but has not packaged yet.
public struct SpoolCleaner {
    public let layout: SpoolLayout
    public let policy: RetentionPolicy
    public let logger: Logger

    public init(layout: SpoolLayout, policy: RetentionPolicy, logger: Logger) {
        self.layout = layout
        self.policy = policy
        self.logger = logger
    }

    public func plan(now: Date = Date()) throws -> [Removal] {
        let items = try SpoolInventory(layout: layout).items()
        let removable = Self.removable(among: items)
        let cutoff = now.addingTimeInterval(-policy.keepDays * 86_400)
        var removals: [Removal] = []
        var kept: [SpoolItem] = []
        for item in items {
            if item.kind != .undelivered && removable(item) && item.modified < cutoff {
                removals.append(Removal(item: item, reason: .age))
            } else {
                kept.append(item)
            }
        }
        var total = kept.reduce(0) { $0 + $1.bytes }
        let byAge = kept.filter(removable).sorted { ($0.kind == .undelivered ? 1 : 0, $0.modified, $0.url.path) < ($1.kind == .undelivered ? 1 : 0, $1.modified, $1.url.path) }
        for item in byAge where total > policy.maxBytes {
            removals.append(Removal(item: item, reason: .capacity))
            total -= item.bytes
        }
        return removals
    }

    /// Captures waiting in incoming/ are never removed, nor the logs of one: run has not
    /// packaged them yet (a full disk stopped it while compressing), and it cannot simply
    /// make them again, since the carried state has already moved past their slice.
    private static func removable(among items: [SpoolItem]) -> (SpoolItem) -> Bool {
        let waiting = Set(items.filter { $0.kind == .pending }.map { SliceRunner.sliceID(of: $0.url) })
        return { item in item.kind != .pending && !(item.kind == .logs && waiting.contains(item.url.lastPathComponent)) }
    }

    /// Removes what `plan` chose, and sent-record lines past the age limit; logs every
    /// removal, undelivered archives as warnings.
    public func apply(_ removals: [Removal], now: Date = Date()) throws {
        let pruned = try SentRecord(file: layout.sentRecord).prune(before: now.addingTimeInterval(-policy.keepDays * 86_400))
        if pruned > 0 { logger.info("clean: dropped \(pruned) sent-record lines older than \(policy.keepDays) days") }
        for removal in removals {
            try FileManager.default.removeItem(at: removal.item.url)
            let text = "clean: removed \(removal.item.url.path) (\(removal.item.kind.rawValue), \(removal.item.bytes) bytes, \(removal.reason.rawValue))"
            if removal.item.kind == .undelivered {
                logger.warning("\(text): this archive was NEVER DELIVERED; the spool is over its \(policy.maxBytes) byte limit")
            } else {
                logger.info("\(text)")
            }
        }
    }
}
