/// The descriptive fields of an arp.log row, which are also its aggregation key
/// (LOGS.md §6.3): "orig" is always the asking host, "resp" the host resolved.
struct ARPRecord: Hashable, Sendable, Comparable {
    var origMAC: MACAddress
    var origIP: UInt32
    /// Unset for requests.
    var respMAC: MACAddress?
    var respIP: UInt32
    /// Unset for replies.
    var whoHas: UInt32?

    init(_ message: ARPMessage) {
        switch message.operation {
        case .request:
            origMAC = message.senderMAC
            origIP = message.senderIP
            respMAC = nil
            respIP = message.targetIP
            whoHas = message.targetIP
        case .reply:
            origMAC = message.targetMAC
            origIP = message.targetIP
            respMAC = message.senderMAC
            respIP = message.senderIP
            whoHas = nil
        }
    }

    /// A total order used only to make rows with equal first-seen times come out
    /// in the same order on every run (hash order is seeded per process).
    static func < (a: ARPRecord, b: ARPRecord) -> Bool { a.orderKey < b.orderKey }

    private var orderKey: (UInt64, UInt32, UInt64, UInt32, Int64) {
        (origMAC.value, origIP, respMAC.map { $0.value | 1 << 48 } ?? 0, respIP, whoHas.map { Int64($0) } ?? -1)
    }
}
