/// One Ethernet/IPv4 ARP request or reply, as Zeek's ARP analyzer accepts it
/// (LOGS.md §6.3): anything else is a reason to skip the frame.
struct ARPMessage: Equatable {
    enum Operation: UInt16 {
        case request = 1
        case reply = 2
    }

    /// Why a frame produced no ARP event (the manifest's anomaly names).
    enum Rejection: String, Error {
        case truncated = "arp.truncated"
        case unsupportedAddressFormat = "arp.unsupported_address_format"
        case unsupportedOperation = "arp.unsupported_operation"
        case senderMACMismatch = "arp.sender_mac_mismatch"
    }

    var operation: Operation
    var senderMAC: MACAddress
    var senderIP: UInt32
    var targetMAC: MACAddress
    var targetIP: UInt32

    /// Parses the ARP payload that starts at `offset`; `linkSource` is the
    /// frame's source MAC, which Zeek requires to equal the sender hardware address.
    static func parse(_ bytes: UnsafeRawBufferPointer, offset: Int,
                      linkSource: MACAddress) -> Result<ARPMessage, Rejection> {
        var cursor = ByteCursor(bytes, offset: offset)
        guard let hardware = cursor.readUInt16BE(), let proto = cursor.readUInt16BE(),
              let hardwareLength = cursor.readUInt8(), let protoLength = cursor.readUInt8(),
              let opcode = cursor.readUInt16BE() else { return .failure(.truncated) }
        // Zeek first checks that all four addresses fit, whatever their lengths say.
        guard cursor.remaining >= 2 * (Int(hardwareLength) + Int(protoLength)) else { return .failure(.truncated) }
        guard hardware == 1, hardwareLength == 6, proto == 0x0800, protoLength == 4 else {
            return .failure(.unsupportedAddressFormat)
        }
        guard let operation = Operation(rawValue: opcode) else { return .failure(.unsupportedOperation) }
        guard let sha = readMAC(&cursor), let spa = cursor.readUInt32BE(),
              let tha = readMAC(&cursor), let tpa = cursor.readUInt32BE() else { return .failure(.truncated) }
        guard sha == linkSource else { return .failure(.senderMACMismatch) }
        return .success(ARPMessage(operation: operation, senderMAC: sha, senderIP: spa, targetMAC: tha, targetIP: tpa))
    }

    private static func readMAC(_ cursor: inout ByteCursor) -> MACAddress? {
        guard let high = cursor.readUInt16BE(), let low = cursor.readUInt32BE() else { return nil }
        return MACAddress(value: UInt64(high) << 32 | UInt64(low))
    }
}
