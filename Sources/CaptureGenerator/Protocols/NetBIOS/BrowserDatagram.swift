/// CIFS browser announcements (MS-BRWS) carried in an SMB mailslot
/// transaction inside a NetBIOS datagram (RFC 1002 §4.4), for
/// mswin-browser.log scenarios.
public struct BrowserDatagram: Sendable {
    public var opcode: UInt8 = 0x01
    public var serverName: String
    public var osVersion: (major: UInt8, minor: UInt8) = (5, 0)
    public var serverType: UInt32 = 0x0000_1003
    public var browserVersion: (major: UInt8, minor: UInt8) = (15, 1)
    public var signature: [UInt8] = [0x55, 0xAA]
    public var comment: [UInt8] = [0]
    public var sourceAddress: IPv4Address
    public var mailslot = "\\MAILSLOT\\BROWSE"

    public init(serverName: String, sourceAddress: IPv4Address) {
        self.serverName = serverName
        self.sourceAddress = sourceAddress
    }

    /// The browser frame: opcode, update count, periodicity, name, versions, type, signature, comment.
    var browserFrame: [UInt8] {
        var out: [UInt8] = [opcode, 0]
        out.append(UInt32(720_000), order: .littleEndian)
        out += (Array(serverName.utf8) + [UInt8](repeating: 0, count: 16)).prefix(16)
        out += [osVersion.major, osVersion.minor]
        out.append(serverType, order: .littleEndian)
        out += [browserVersion.major, browserVersion.minor]
        return out + signature + comment
    }

    public var bytes: [UInt8] {
        let frame = browserFrame
        let mailslotName = Array(mailslot.utf8) + [0]
        // SMB header: \xffSMB, command 0x25 (Transaction), zero status/flags, zero ids.
        var smb: [UInt8] = [0xFF, 0x53, 0x4D, 0x42, 0x25] + [UInt8](repeating: 0, count: 27)
        let parameterOffset = 32 + 1 + 17 * 2 + 2 + mailslotName.count
        // Transaction: word count 17, total param 0, total data, max param/data, max setup,
        // flags, timeout, param count/offset, data count/offset, setup count 3 words.
        smb.append(17)
        for word: UInt16 in [0, UInt16(frame.count), 0, 0, 0, 0, 0, 0, 0, 0, UInt16(parameterOffset),
                             UInt16(frame.count), UInt16(parameterOffset), 3, 1, 1, 2] {
            smb.append(word, order: .littleEndian)
        }
        smb.append(UInt16(mailslotName.count + frame.count), order: .littleEndian)
        smb += mailslotName + frame
        var out: [UInt8] = [0x11, 0x02, 0x00, 0x01]    // direct group datagram, first fragment, id 1
        out += sourceAddress.bytes
        out.appendBE(UInt16(138))
        out.appendBE(UInt16(68 + smb.count))           // datagram length after the header
        out.appendBE(UInt16(0))                        // packet offset
        out += NetBIOSNameMessage.encodedName(serverName, suffix: 0x00)
        out += NetBIOSNameMessage.encodedName("WORKGROUP", suffix: 0x1D)
        return out + smb
    }
}
