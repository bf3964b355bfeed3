/// The descriptive fields of an arp.log row, which are also its aggregation key
/// (LOGS.md §6.3): "orig" is always the asking host, "resp" the host resolved.
struct ARPRecord: Hashable, Sendable {
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
}
