/// When Zeek's own DHCP analyzer confirms the protocol (conn.log `service` =
/// `dhcp`, LOGS.md §5.10): its binpac grammar parsed the fixed header, the
/// magic cookie matched and the option list reached END inside the datagram.
/// Either direction counts.
enum DHCPServiceCheck {
    static func isDHCP(_ payload: UnsafeRawBufferPointer) -> Bool {
        var cursor = ByteCursor(payload, offset: DHCPClientMessage.fixedHeaderLength)
        guard payload.count >= DHCPClientMessage.fixedHeaderLength,
              cursor.readUInt32BE() == DHCPClientMessage.magicCookie else { return false }
        while let code = cursor.readUInt8() {
            if code == 255 { return true }
            if code == 0 { continue }
            guard let length = cursor.readUInt8(), cursor.skip(Int(length)) else { return false }
        }
        return false
    }
}
