/// Recognises S7comm-plus PDUs (protocol id 0x72, S7-1200/1500) so they are
/// logged instead of silently dropped. LOGS.md §6.15 has no row shape for
/// them; ours keeps the same columns:
///
/// * `rosctr`: `S7comm-plus <opcode>` — `Request` (0x31), `Response` (0x32),
///   `Notification` (0x33), `Response2` (0x02); `S7comm-plus Keep Alive` for
///   version 0xFF; plain `S7comm-plus` when no known opcode is found.
/// * `parameter`: `version=<decimal>`, then, when the opcode carries one (not
///   for notifications) and it is in clear, `type=<function>` with
///   Wireshark's s7comm_plus function names, other codes `s7comm_plus_function (N)`.
/// * `item_count` unset and `data_info` empty: the items are encoded with
///   variable-length integers and object trees that the log does not describe.
///
/// Header: 0x72, version (1), data length (2); the data part starts with the
/// opcode, then for requests and responses reserved (2), function (2),
/// reserved (2), sequence number (2). Integrity-protected PDUs (S7-1500)
/// begin their data with a digest (length 0x20 and 32 bytes) before the opcode.
enum S7PlusDecoder {
    static let protocolID: UInt8 = 0x72

    /// Writes the PDU's columns into the row.
    static func decode(_ pdu: UnsafeRawBufferPointer, into columns: inout S7RowColumns) throws(S7DecodeError) {
        guard pdu.count >= 4 else { throw .plusHeaderTruncated }
        let version = pdu[1]
        guard version != 0xFF else {
            columns.rosctr("S7comm-plus Keep Alive")
            columns.parameter("version=") { $0.append(decimal: version) }
            return
        }
        guard let start = opcodeOffset(pdu) else {
            columns.rosctr("S7comm-plus")
            columns.parameter("version=") { $0.append(decimal: version) }
            return
        }
        let opcode = pdu[start]
        columns.rosctr(rosctr(opcode))
        columns.parameter("version=") { $0.append(decimal: version) }
        let hasFunction = opcode == 0x31 || opcode == 0x32 || opcode == 0x02
        if hasFunction, start + 5 <= pdu.count {
            let function = UInt16(pdu[start + 3]) << 8 | UInt16(pdu[start + 4])
            columns.parameter("type=") { $0.append(text: functionName(function)) }
        }
    }

    /// Where the opcode is: right after the header, or after a 32-byte digest.
    private static func opcodeOffset(_ pdu: UnsafeRawBufferPointer) -> Int? {
        guard pdu.count > 4 else { return nil }
        if isKnownOpcode(pdu[4]) { return 4 }
        if pdu[4] == 0x20, pdu.count > 37, isKnownOpcode(pdu[37]) { return 37 }
        return nil
    }

    private static func isKnownOpcode(_ value: UInt8) -> Bool {
        value == 0x31 || value == 0x32 || value == 0x33 || value == 0x02
    }

    /// `rosctr` for an opcode `isKnownOpcode` accepted.
    private static func rosctr(_ opcode: UInt8) -> StaticString {
        switch opcode {
        case 0x31: "S7comm-plus Request"
        case 0x32: "S7comm-plus Response"
        case 0x33: "S7comm-plus Notification"
        default: "S7comm-plus Response2"
        }
    }

    static func functionName(_ value: UInt16) -> String {
        switch value {
        case 0x04B1: "Error"
        case 0x04BB: "Explore"
        case 0x04CA: "CreateObject"
        case 0x04D4: "DeleteObject"
        case 0x04F2: "SetVariable"
        case 0x04FC: "GetVariable"
        case 0x0506: "AddLink"
        case 0x051A: "RemoveLink"
        case 0x0524: "GetLink"
        case 0x0542: "SetMultiVariables"
        case 0x054C: "GetMultiVariables"
        case 0x0556: "BeginSequence"
        case 0x0560: "EndSequence"
        case 0x056B: "Invoke"
        case 0x057C: "SetVarSubStreamed"
        case 0x0586: "GetVarSubStreamed"
        case 0x0590: "GetVariablesAddress"
        case 0x059A: "Abort"
        default: "s7comm_plus_function (\(value))"
        }
    }
}
