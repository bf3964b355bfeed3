/// The descriptive fields of an ns.log row, which are also its aggregation key
/// (LOGS.md §6.4). "orig" is the soliciting host.
struct NeighborRecord: Hashable, Sendable {
    var origMAC: MACAddress
    /// Unset for solicitations.
    var respMAC: MACAddress?
    var origIP: IPAddress
    var respIP: IPAddress
    /// Unset for advertisements.
    var whoHas: IPAddress?

    /// The row ns.zeek writes for `message` seen on `connection`, or nil when it
    /// writes none: an NA that opened its connection towards a multicast group,
    /// or a connection without the MAC address the row needs (the script fails
    /// on the missing field).
    init?(_ message: NeighborMessage, connection: ConnectionView) {
        let origL2 = connection.origL2Address, respL2 = connection.respL2Address
        switch message.kind {
        case .solicitation:
            if connection.origPort == 135 {
                guard !origL2.isZero else { return nil }
                origMAC = origL2
                origIP = connection.origAddress
            } else if connection.respPort == 135 {
                guard !respL2.isZero else { return nil }
                origMAC = respL2
                origIP = connection.respAddress
            } else {
                return nil
            }
            respMAC = nil
            whoHas = message.target
        case .advertisement:
            guard !origL2.isZero, !respL2.isZero else { return nil }
            if connection.respPort == 136 {
                origMAC = origL2
                respMAC = respL2
                origIP = connection.origAddress
            } else if connection.origPort == 136, !connection.respAddress.isMulticast {
                origMAC = respL2
                respMAC = origL2
                origIP = connection.respAddress
            } else {
                return nil
            }
            whoHas = nil
        }
        respIP = message.target
    }
}
