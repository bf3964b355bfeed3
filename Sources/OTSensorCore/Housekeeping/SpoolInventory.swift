import Foundation

/// Lists what the spool holds, with sizes and modification times, for `clean` and
/// `support`. Dot-files (temporary names of writes in progress) are left out.
public struct SpoolInventory: Sendable {
    public let layout: SpoolLayout

    public init(layout: SpoolLayout) { self.layout = layout }

    public func items() throws -> [SpoolItem] {
        let folders: [(URL, SpoolItem.Kind)] = [
            (layout.logs, .logs), (layout.captures, .capture), (layout.sent, .delivered),
            (layout.quarantine, .quarantined), (layout.outbox, .undelivered), (layout.incoming, .pending),
        ]
        var items: [SpoolItem] = []
        for (folder, kind) in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let url = folder.appendingPathComponent(name)
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { continue }
                let modified = attributes[.modificationDate] as? Date ?? .distantPast
                items.append(SpoolItem(url: url, kind: kind, bytes: Self.size(of: url, attributes), modified: modified))
            }
        }
        return items
    }

    static func size(of url: URL, _ attributes: [FileAttributeKey: Any]) -> Int64 {
        guard attributes[.type] as? FileAttributeType == .typeDirectory else {
            return (attributes[.size] as? NSNumber)?.int64Value ?? 0
        }
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey])
        var total: Int64 = 0
        while let file = enumerator?.nextObject() as? URL {
            total += Int64((try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        }
        return total
    }
}
