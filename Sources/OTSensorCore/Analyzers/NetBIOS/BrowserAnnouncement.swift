/// A CIFS browser Host or Local Master Announcement as mswin-browser.log reads
/// it (LOGS.md §6.10): NetBIOS datagram header, both names, the SMB
/// transaction and the mailslot name take a fixed 168 bytes, then the browser
/// frame.
struct BrowserAnnouncement: Hashable, Sendable {
    /// Control bytes removed.
    var serverName: [UInt8]
    var osMajor: UInt8
    var osMinor: UInt8
    var serverType: UInt32
    var browserMajor: UInt8
    var browserMinor: UInt8
    /// The two signature bytes read little-endian (wire `55 AA` → 0xAA55).
    var signature: UInt16
    /// Control bytes removed.
    var comment: [UInt8]
}

/// Why an announcement was not logged; the raw value is the manifest's anomaly name.
enum BrowserAnnouncementError: String, Error {
    case truncatedAnnouncement = "mswin_browser.announcement_truncated"
}

extension BrowserAnnouncement {
    static let opcodeOffset = 168
    /// `\MAILSLOT\BROWSE` and its NUL end right before the opcode. Checking it
    /// keeps other mailslots (and names with a scope, which shift the layout)
    /// from being read as garbage announcements.
    private static let mailslot = Array("\\MAILSLOT\\BROWSE\0".utf8)
    /// Opcode, the 31 fixed bytes and at least one comment byte.
    private static let minimumLength = 201

    /// nil when the datagram is not a Host (0x01) or Local Master (0x0F)
    /// Announcement on the browse mailslot.
    static func parse(_ payload: UnsafeRawBufferPointer) throws(BrowserAnnouncementError) -> BrowserAnnouncement? {
        guard payload.count > opcodeOffset,
              payload[(opcodeOffset - mailslot.count)..<opcodeOffset].elementsEqual(mailslot),
              payload[opcodeOffset] == 0x01 || payload[opcodeOffset] == 0x0F else { return nil }
        guard payload.count >= minimumLength else { throw .truncatedAnnouncement }
        var cursor = ByteCursor(payload, offset: opcodeOffset + 6)
        guard let name = cursor.readBytes(16), let osMajor = cursor.readUInt8(), let osMinor = cursor.readUInt8(),
              let serverType = cursor.readLE(UInt32.self), let browserMajor = cursor.readUInt8(),
              let browserMinor = cursor.readUInt8(), let signature = cursor.readLE(UInt16.self)
        else { throw .truncatedAnnouncement }
        return BrowserAnnouncement(
            serverName: withoutControlBytes(name), osMajor: osMajor, osMinor: osMinor, serverType: serverType,
            browserMajor: browserMajor, browserMinor: browserMinor, signature: signature,
            comment: withoutControlBytes(cursor.rest))
    }

    private static func withoutControlBytes(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        bytes.filter { $0 >= 0x20 && $0 != 0x7F }
    }

    var osVersion: String { "\(osMajor).\(osMinor)" }
    var browserVersion: String { "\(browserMajor).\(browserMinor)" }
    /// `0x` and the value in lower-case hex without leading zeros.
    var serverTypeText: String { "0x" + String(serverType, radix: 16) }
    /// `0x` + hex(b1) + hex(b0), two digits each: the value in four hex digits.
    var signatureText: String {
        let hex = String(signature, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
