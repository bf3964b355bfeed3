/// The User Data (ROSCTR 7) part of an S7 PDU (LOGS.md §6.15): the parameter
/// gives `mode=`, `group=`, `sub=` and, in its 12-byte form, `code=`; the data
/// part gives `item_count` and `data_info` for some groups.
struct S7UserDataDecoder {
    let parameter: UnsafeRawBufferPointer
    let data: UnsafeRawBufferPointer
    private(set) var hadTruncatedItem = false

    init(parameter: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer) {
        self.parameter = parameter
        self.data = data
    }

    /// Parameter layout: head (3), length (1), method (1), type/group (1),
    /// subfunction (1), sequence (1), then — when the parameter is 12 bytes
    /// (responses and pushes) — data unit reference (1), last data unit (1),
    /// error code (2). The plugin prints the error code's first byte only; so do we.
    mutating func decode(into columns: inout S7RowColumns) throws(S7DecodeError) {
        guard parameter.count >= 8 else { throw .headerTruncated }
        let mode = parameter[5] >> 4, group = parameter[5] & 0x0F, subfunction = parameter[6]
        let names = columns.names
        columns.parameter("mode=") { names.userDataMode.append(mode, to: &$0) }
        columns.parameter("group=") { names.userDataGroup.append(group, to: &$0) }
        if let name = S7Names.userDataSubfunction(group: group, subfunction) {
            columns.parameter("sub=") { $0.append(text: name) }
        }
        if parameter.count >= 12 {
            let code = parameter[10]
            columns.parameter("code=") { $0.append(decimal: code) }
        }
        decodeData(mode: mode, group: group, subfunction: subfunction, into: &columns)
    }

    /// Every data part starts with return code (1), transport size (1), length (2).
    private mutating func decodeData(mode: UInt8, group: UInt8, subfunction: UInt8, into columns: inout S7RowColumns) {
        guard data.count >= 4 else { return }
        let size = data[1]
        let length = Int(data[2]) << 8 | Int(data[3])
        var formats = S7ItemFormats(data)
        var cursor = ByteCursor(data, offset: 4)
        switch group {
        case 1 where length > 0:
            // VarTab: a count D of bytes to skip, a byte count, D bytes, then the items.
            guard let skipped = cursor.readUInt16BE(), cursor.skip(2), cursor.skip(Int(skipped)),
                  let count = cursor.readUInt16BE() else {
                hadTruncatedItem = true
                break
            }
            columns.itemCount(UInt64(count))
            if mode == 4 {
                formats.vartabItem(at: cursor.offset, into: &columns)
            } else if mode == 0 || mode == 8 {
                formats.value(at: cursor.offset, into: &columns)
            }
        case 2 where subfunction == 1:
            guard let count = cursor.readUInt16BE() else {
                hadTruncatedItem = true
                break
            }
            columns.itemCount(UInt64(count))
            if mode == 4 {
                formats.address(at: cursor.offset + 2, into: &columns)
            } else if mode == 0 || mode == 8 {
                formats.value(at: cursor.offset, into: &columns)
            }
        case 2 where subfunction == 4:
            formats.value(at: 0, into: &columns)
        case 4 where subfunction == 1 && length > 0:
            guard let id = cursor.readUInt16BE(), let index = cursor.readUInt16BE() else {
                hadTruncatedItem = true
                break
            }
            let names = columns.names
            columns.dataInfo { text in
                names.dataTransportSize.append(size, to: &text)
                LogText.append(" id=0x", to: &text)
                S7ItemFormats.appendHex(id, digits: 4, to: &text)
                LogText.append(" index=", to: &text)
                S7ItemFormats.appendHex(index, digits: 4, to: &text)
            }
        default:
            break
        }
        hadTruncatedItem = hadTruncatedItem || formats.isTruncated
    }
}
