/// CC-Link IE Field Basic cyclic PDUs (UDP 61450), laid out as the CLPA
/// specification and LOGS.md §6.13 describe them: SLMP-style header, then the
/// cyclic request data of the master or the response data of one slave.
public enum CCLinkIEFBasicMessage {
    /// The UDP port of cyclic transmission.
    public static let cyclicPort: UInt16 = 61_450
    /// Command bytes `70 0E` on the wire (0x0E70 little-endian): cyclic data.
    public static let cyclicCommand: UInt16 = 0x700E

    /// A master's cyclic request to `stations` occupied stations; `command` is
    /// the two command bytes in wire order.
    public static func request(stations: Int, command: UInt16 = cyclicCommand, frameSequence: UInt16 = 0,
                               fill: UInt8 = 0) -> [UInt8] {
        var data: [UInt8] = []
        data.appendLE(UInt16(2))                          // protocol version
        data += [0, 0]                                    // reserved
        data.appendLE(UInt16(36))                         // cyclic-information offset
        data += repeatElement(0, count: 14)               // reserved
        data += repeatElement(0, count: 12)               // master notice information
        data += [0xC0, 0xA8, 0x03, 0x0A]                  // master ID
        data += [0, 0]                                    // group number, reserved
        data.appendLE(frameSequence)
        data.appendLE(UInt16(500))                        // timeout (ms)
        data.appendLE(UInt16(3))                          // parallel-off timeout count
        data.appendLE(UInt16(1))                          // parameter number
        data.appendLE(UInt16(stations))                   // total occupied station count N
        data.appendLE(UInt16(0x0001))                     // cyclic transmission state
        data += [0, 0]                                    // reserved
        for station in 0..<stations {                     // slave IDs
            data += [0xC0, 0xA8, 0x03, UInt8(truncatingIfNeeded: 11 + station)]
        }
        data += repeatElement(fill, count: 72 * stations) // RWw (64 × N) and RY (8 × N)
        var out = header(subheader: 0x5000, dataLength: 6 + data.count)
        out += [0x00, 0x00]                               // monitoring timer
        out.appendBE(command)
        out += [0x00, 0x00]                               // sub-command
        return out + data
    }

    /// One slave's cyclic response carrying `stations` stations' RWr and RX.
    public static func response(stations: Int = 1, endCode: UInt16 = 0, frameSequence: UInt16 = 0,
                                fill: UInt8 = 0) -> [UInt8] {
        var data: [UInt8] = []
        data.appendLE(UInt16(2))                          // protocol version
        data.appendLE(endCode)
        data.appendLE(UInt16(40))                         // cyclic-information offset
        data += repeatElement(0, count: 14)               // reserved
        data += repeatElement(0, count: 20)               // slave notice information
        data += [0xC0, 0xA8, 0x03, 0x0B]                  // slave ID
        data += [0, 0]                                    // group number, reserved
        data.appendLE(frameSequence)
        data += repeatElement(fill, count: 72 * stations) // RWr (64 × M) and RX (8 × M)
        var out = header(subheader: 0xD000, dataLength: 2 + data.count)
        out.appendLE(endCode)                             // end code of the header
        return out + data
    }

    /// Subheader, network, station, module I/O, multidrop, data length (LE):
    /// the 9 bytes before the monitoring timer or end code.
    private static func header(subheader: UInt16, dataLength: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBE(subheader)
        out += [0x00, 0xFF, 0xFF, 0x03, 0x00]
        out.appendLE(UInt16(dataLength))
        return out
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        append(value, order: .littleEndian)
    }
}
