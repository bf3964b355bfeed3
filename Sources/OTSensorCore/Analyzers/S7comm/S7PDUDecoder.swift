/// Decodes one classic S7 PDU (protocol id 0x32) into its s7comm.log columns
/// (LOGS.md §6.15).
///
/// The parameter and data parts are located with the header's own lengths
/// (rather than the plugin's fixed offsets), which is the same for every
/// well-formed PDU and never reads past a malformed one: a PDU whose lengths
/// reach past its end is rejected whole (`parameterLengthInvalid`); an item
/// that reaches past the data only empties `data_info` (`itemTruncated`).
struct S7PDUDecoder {
    static let protocolID: UInt8 = 0x32

    let pdu: UnsafeRawBufferPointer
    /// Set when an item ran past the PDU (the row is still written).
    private(set) var hadTruncatedItem = false

    init(_ pdu: UnsafeRawBufferPointer) { self.pdu = pdu }

    /// Writes the PDU's columns into the row.
    mutating func decode(into columns: inout S7RowColumns) throws(S7DecodeError) {
        guard pdu.count >= 10 else { throw .headerTruncated }
        let rosctr = pdu[1]
        let headerLength = rosctr == 2 || rosctr == 3 ? 12 : 10
        guard pdu.count >= headerLength else { throw .headerTruncated }
        let parameterLength = Int(pdu[6]) << 8 | Int(pdu[7])
        let dataLength = Int(pdu[8]) << 8 | Int(pdu[9])
        guard headerLength + parameterLength + dataLength <= pdu.count else { throw .parameterLengthInvalid }
        let parameter = UnsafeRawBufferPointer(rebasing: pdu[headerLength..<(headerLength + parameterLength)])
        let dataStart = headerLength + parameterLength
        let data = UnsafeRawBufferPointer(rebasing: pdu[dataStart..<(dataStart + dataLength)])

        let names = columns.names
        columns.rosctr(names.rosctr.name(rosctr))
        switch rosctr {
        case 1: decodeJob(parameter, into: &columns)
        case 3:
            let errorClass = pdu[10], errorCode = pdu[11]
            columns.parameter("class=") { names.errorClass.append(errorClass, to: &$0) }
            columns.parameter("code=") { $0.append(decimal: errorCode) }
            decodeAckData(parameter, data, into: &columns)
        case 7:
            var userData = S7UserDataDecoder(parameter: parameter, data: data)
            try userData.decode(into: &columns)
            hadTruncatedItem = userData.hadTruncatedItem
        default: break
        }
    }

    /// Job: `type=<function>`; for Read/Write Variable the item count and the
    /// first item's address.
    private mutating func decodeJob(_ parameter: UnsafeRawBufferPointer, into columns: inout S7RowColumns) {
        guard let function = parameter.first else { return }
        let names = columns.names
        columns.parameter("type=") { names.function.append(function, to: &$0) }
        guard function == 0x04 || function == 0x05, parameter.count >= 2 else { return }
        columns.itemCount(UInt64(parameter[1]))
        var formats = S7ItemFormats(parameter)
        formats.address(at: 2, into: &columns)
        hadTruncatedItem = formats.isTruncated
    }

    /// Ack_Data: `type=<function>` after the error class and code; for Read
    /// Variable the first item's value, for Write Variable its return code.
    private mutating func decodeAckData(_ parameter: UnsafeRawBufferPointer, _ data: UnsafeRawBufferPointer,
                                        into columns: inout S7RowColumns) {
        guard let function = parameter.first else { return }
        let names = columns.names
        columns.parameter("type=") { names.function.append(function, to: &$0) }
        guard function == 0x04 || function == 0x05, parameter.count >= 2 else { return }
        columns.itemCount(UInt64(parameter[1]))
        if function == 0x04 {
            var formats = S7ItemFormats(data)
            formats.value(at: 0, into: &columns)
            hadTruncatedItem = formats.isTruncated
        } else if let code = data.first {
            columns.dataInfo { names.returnCode.append(code, to: &$0) }
        }
    }
}
