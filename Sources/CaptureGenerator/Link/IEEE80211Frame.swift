/// An 802.11 data frame, as an access point or an Aruba controller's GRE
/// tunnel carries it: three addresses (four when both DS bits are set), an
/// optional QoS control field, then either one LLC/SNAP-framed packet or an
/// A-MSDU of several subframes.
public struct IEEE80211Frame: Sendable {
    public var toDS: Bool
    public var fromDS: Bool
    public var qos: Bool
    public var protected: Bool
    public var addresses: [UInt64]

    /// A frame from a station to the distribution system: address 1 is the
    /// access point (BSSID), 2 the station, 3 the final destination.
    public init(toDS: Bool = true, fromDS: Bool = false, qos: Bool = false, protected: Bool = false,
                addresses: [UInt64] = [0x02_AA_00_00_00_01, 0x02_00_00_00_00_01, 0x02_00_00_00_00_02, 0x02_AA_00_00_00_02]) {
        self.toDS = toDS
        self.fromDS = fromDS
        self.qos = qos
        self.protected = protected
        self.addresses = addresses
    }

    /// A frame carrying one packet behind LLC/SNAP.
    public func frame(_ ipPacket: [UInt8]) -> [UInt8] {
        header(aggregate: false) + Self.snap(ipPacket)
    }

    /// A QoS frame aggregating packets (A-MSDU): each subframe is destination,
    /// source, length, the LLC/SNAP-framed packet, padded to four bytes but
    /// the last.
    public func aggregate(_ packets: [[UInt8]], destination: UInt64 = 0x02_00_00_00_00_02,
                          source: UInt64 = 0x02_00_00_00_00_01) -> [UInt8] {
        var out = header(aggregate: true)
        for (index, packet) in packets.enumerated() {
            let msdu = Self.snap(packet)
            out += EthernetAddress(destination).bytes + EthernetAddress(source).bytes
            out.appendBE(UInt16(msdu.count))
            out += msdu
            if index < packets.count - 1 { out += [UInt8](repeating: 0, count: (4 - (14 + msdu.count) % 4) % 4) }
        }
        return out
    }

    private func header(aggregate: Bool) -> [UInt8] {
        let subtype: UInt8 = qos || aggregate ? 0x8 : 0x0
        var flags: UInt8 = 0
        if toDS { flags |= 0x01 }
        if fromDS { flags |= 0x02 }
        if protected { flags |= 0x40 }
        var out: [UInt8] = [subtype << 4 | 0x2 << 2, flags, 0, 0]  // type 2 (data), duration 0
        for address in addresses.prefix(3) { out += EthernetAddress(address).bytes }
        out += [0x10, 0x00]  // sequence control
        if toDS && fromDS { out += EthernetAddress(addresses[3]).bytes }
        if qos || aggregate { out += [aggregate ? 0x80 : 0x00, 0x00] }
        return out
    }

    private static func snap(_ packet: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0xAA, 0xAA, 0x03, 0, 0, 0]
        out.appendBE(EtherTypeValue.forIPPacket(packet))
        return out + packet
    }
}
