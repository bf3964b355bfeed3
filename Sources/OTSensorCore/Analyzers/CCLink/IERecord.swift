/// What one CC-Link IE Field/Control frame contributes to cclink-ie.log
/// (LOGS.md §6.14): the key fields except the MAC addresses, kept as wire
/// values and turned into text only when rows are written. Two records are
/// equal exactly when their logged text is equal (names are looked up only
/// then, so a cyclic frame's record holds no `String`).
struct IERecord: Hashable, Sendable {
    var service: IEService
    var frameType: UInt8
    var cmd: TransientCommand?
    var nodeType: IENodeType?
    var nodeID: UInt16?
    var connectionInfo: UInt8?
    var srcNodeNumber: UInt16?

    init(service: IEService, frameType: UInt8) {
        self.service = service
        self.frameType = frameType
    }

    /// One word of the fields cyclic frames differ in: hashing every optional
    /// field on its own cost more than the table lookup it served. Records
    /// that share the word (they differ only in `cmd` or `service`) still
    /// compare unequal.
    func hash(into hasher: inout Hasher) {
        var word = UInt64(frameType)
        if let nodeID { word |= 1 << 8 | UInt64(nodeID) << 9 }
        if let srcNodeNumber { word |= 1 << 25 | UInt64(srcNodeNumber) << 26 }
        if let nodeType { word |= 1 << 42 | UInt64(nodeType.byte) << 43 }
        if let connectionInfo { word |= 1 << 51 | UInt64(connectionInfo) << 52 }
        hasher.combine(word)
    }
}

/// `service`: from the protocolVerType byte, or fixed for Control-layout frames.
enum IEService: Hashable, Sendable {
    case control
    case field
    /// Any other protocolVerType byte: `unknownserviceVerType` + the raw byte.
    case unknownVersion(UInt8)

    func append(to out: inout [UInt8]) {
        switch self {
        case .control: out += "cclink_ie_control".utf8
        case .field: out += "cclink_ie_field".utf8
        case .unknownVersion(let byte):
            out += "unknownserviceVerType".utf8
            out.append(byte)
        }
    }
}

/// `node_type`: the nodeType byte, named with the Field or the Control table.
struct IENodeType: Hashable, Sendable {
    let byte: UInt8
    let isField: Bool

    init(byte: UInt8, isField: Bool) {
        self.byte = byte
        self.isField = isField
    }

    func append(to out: inout [UInt8]) {
        if let name = isField ? Self.field[byte] : Self.control[byte] {
            out += name.utf8
        } else {
            out += "unknownNodetype".utf8
            out.append(byte)
        }
    }

    private static let field: [UInt8: String] = [
        0x30: "master node", 0x32: "local node", 0x33: "intelligent device node",
        0x34: "remote device node", 0x35: "remote I/O node",
    ]
    private static let control: [UInt8: String] = [
        0x00: "management node", 0x02: "normal node", 0x21: "master node in the Node-to-node test",
    ]
}

/// `cmd` of transient1/transient2 frames. Unknown values keep their raw bytes,
/// as the log prints them.
enum TransientCommand: Hashable, Sendable {
    /// transient1, dataType 0x05, ct 0x30 / 0xB0.
    case slmpTransmit(response: Bool)
    /// transient1, dataType 0x07 or 0x08: a command its table names, and a
    /// sub-command of 0x00 (request) or 0x80 (response).
    case named(dataType: UInt8, command: UInt8, response: Bool)
    /// transient2: a ct its table names.
    case transient2(ct: UInt8)
    case unknownCt(UInt8)
    case unknownCmd(UInt8, UInt8)

    /// transient1 with dataType 0x05.
    static func transmit(ct: UInt8) -> TransientCommand {
        switch ct {
        case 0x30: .slmpTransmit(response: false)
        case 0xB0: .slmpTransmit(response: true)
        default: .unknownCt(ct)
        }
    }

    /// transient1 with dataType 0x07 (node information) or 0x08 (objects).
    static func command(dataType: UInt8, command: UInt8, subCommand: UInt8) -> TransientCommand {
        guard commandName(dataType: dataType, command: command) != nil, subCommand == 0x00 || subCommand == 0x80 else {
            return .unknownCmd(command, subCommand)
        }
        return .named(dataType: dataType, command: command, response: subCommand == 0x80)
    }

    /// transient2; `messageTransfer` (0x20) exists on Field only.
    static func transient2(ct: UInt8, isField: Bool) -> TransientCommand {
        if ct == 0x20 && !isField { return .unknownCt(ct) }
        guard transient2Commands[ct] != nil else { return .unknownCt(ct) }
        return .transient2(ct: ct)
    }

    func append(to out: inout [UInt8]) {
        switch self {
        case .slmpTransmit(let response):
            out += (response ? "slmpTransmitResponse" : "slmpTransmitRequest").utf8
        case .named(let dataType, let command, let response):
            out += (Self.commandName(dataType: dataType, command: command) ?? "").utf8
            out += (response ? "Response" : "Request").utf8
        case .transient2(let ct): out += (Self.transient2Commands[ct] ?? "").utf8
        case .unknownCt(let ct):
            out += "unknownCt".utf8
            out.append(ct)
        case .unknownCmd(let command, let subCommand):
            out += "unknownCmd".utf8
            out += [command, subCommand]
        }
    }

    private static func commandName(dataType: UInt8, command: UInt8) -> String? {
        dataType == 0x07 ? nodeInformationCommands[command] : objectCommands[command]
    }

    private static let nodeInformationCommands: [UInt8: String] = [
        0x01: "deliverNodeInformation", 0x03: "getStatisticalInformation",
        0x04: "acquiresDetailedNodeInformation", 0x0A: "acquiresOptionalInformation",
    ]
    private static let objectCommands: [UInt8: String] = [
        0x01: "communicationCycleSetting", 0x02: "objectRead", 0x03: "objectWrite",
    ]
    private static let transient2Commands: [UInt8: String] = [
        0x04: "getMemoryAccessInfo", 0x08: "run", 0x09: "stop", 0x10: "readMemory", 0x12: "writeMemory",
        0x20: "messageTransfer",
    ]
}
