/// A classic S7 PDU (protocol id 0x32): header, parameter, data. The header's
/// parameter and data lengths are the real ones unless overridden.
public struct S7Message: Sendable {
    public enum ROSCTR: UInt8, Sendable {
        case job = 1, ack = 2, ackData = 3, userData = 7
    }

    public var rosctr: UInt8
    public var pduReference: UInt16
    public var parameter: [UInt8]
    public var data: [UInt8]
    /// Ack and Ack_Data only.
    public var errorClass: UInt8
    public var errorCode: UInt8
    public var parameterLengthOverride: UInt16?

    public init(_ rosctr: ROSCTR, pduReference: UInt16 = 0, parameter: [UInt8] = [], data: [UInt8] = [],
                errorClass: UInt8 = 0, errorCode: UInt8 = 0) {
        self.init(rosctr: rosctr.rawValue, pduReference: pduReference, parameter: parameter, data: data,
                  errorClass: errorClass, errorCode: errorCode)
    }

    public init(rosctr: UInt8, pduReference: UInt16 = 0, parameter: [UInt8] = [], data: [UInt8] = [],
                errorClass: UInt8 = 0, errorCode: UInt8 = 0) {
        self.rosctr = rosctr
        self.pduReference = pduReference
        self.parameter = parameter
        self.data = data
        self.errorClass = errorClass
        self.errorCode = errorCode
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = [0x32, rosctr, 0x00, 0x00] + be16(pduReference)
        out += be16(parameterLengthOverride ?? UInt16(parameter.count)) + be16(UInt16(data.count))
        if rosctr == 2 || rosctr == 3 { out += [errorClass, errorCode] }
        return out + parameter + data
    }

    /// The PDU in one COTP DT inside one TPKT: what one S7 message on the wire is.
    public var tpkt: [UInt8] { TPKT.wrap(COTP.data(bytes)) }
}

/// Parameter parts of Job and Ack_Data PDUs.
public enum S7Parameter {
    /// Setup Communication (0xF0): max AmQ calling, max AmQ called, PDU length.
    public static func setupCommunication(maxAmQCalling: UInt16 = 1, maxAmQCalled: UInt16 = 1,
                                          pduLength: UInt16 = 480) -> [UInt8] {
        [0xF0, 0x00] + be16(maxAmQCalling) + be16(maxAmQCalled) + be16(pduLength)
    }

    /// Read Variable (0x04) job with its item addresses.
    public static func readVariable(_ items: [S7ItemAddress]) -> [UInt8] {
        [0x04, UInt8(items.count)] + items.flatMap(\.bytes)
    }

    /// Write Variable (0x05) job with its item addresses (values go in the data part).
    public static func writeVariable(_ items: [S7ItemAddress]) -> [UInt8] {
        [0x05, UInt8(items.count)] + items.flatMap(\.bytes)
    }

    /// The Ack_Data parameter of Read/Write Variable: function and item count.
    public static func acknowledge(function: UInt8, itemCount: UInt8) -> [UInt8] { [function, itemCount] }
}

/// An S7ANY item address (variable specification 0x12, length 10, syntax 0x10).
public struct S7ItemAddress: Sendable {
    public var transportSize: UInt8
    public var length: UInt16
    public var dbNumber: UInt16
    public var area: UInt8
    /// The bit address: byte × 8 + bit.
    public var bitAddress: UInt32
    public var syntaxID: UInt8 = 0x10

    public init(transportSize: UInt8, length: UInt16, dbNumber: UInt16 = 0, area: UInt8, byte: UInt32, bit: UInt32 = 0) {
        self.transportSize = transportSize
        self.length = length
        self.dbNumber = dbNumber
        self.area = area
        self.bitAddress = byte * 8 + bit
    }

    public var bytes: [UInt8] {
        [0x12, 0x0A, syntaxID, transportSize] + be16(length) + be16(dbNumber)
            + [area, UInt8((bitAddress >> 16) & 0xFF), UInt8((bitAddress >> 8) & 0xFF), UInt8(bitAddress & 0xFF)]
    }
}

/// One item of a data part: return code, transport size, length, value.
/// `length` is in the unit the transport size uses (bits for 3/4/5/6).
public struct S7DataItem: Sendable {
    public var returnCode: UInt8
    public var transportSize: UInt8
    public var length: UInt16
    public var value: [UInt8]

    public init(returnCode: UInt8 = 0xFF, transportSize: UInt8, length: UInt16, value: [UInt8]) {
        self.returnCode = returnCode
        self.transportSize = transportSize
        self.length = length
        self.value = value
    }

    /// A REAL (transport size 7, length in bytes) holding `value`.
    public static func real(_ value: Float) -> S7DataItem {
        let bits = value.bitPattern
        return S7DataItem(transportSize: 7, length: 4,
                          value: [UInt8(bits >> 24), UInt8((bits >> 16) & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8(bits & 0xFF)])
    }

    /// An INTEGER (transport size 5, length in bits) holding `value`.
    public static func integer(_ value: Int16) -> S7DataItem {
        S7DataItem(transportSize: 5, length: 16, value: be16(UInt16(bitPattern: value)))
    }

    public var bytes: [UInt8] { [returnCode, transportSize] + be16(length) + value }

    /// Items back to back, each padded to an even length except the last (S7's fill byte).
    public static func dataPart(_ items: [S7DataItem]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, item) in items.enumerated() {
            out += item.bytes
            if item.value.count % 2 == 1 && index < items.count - 1 { out.append(0x00) }
        }
        return out
    }
}

/// User Data (ROSCTR 7) parameter and data parts.
public enum S7UserData {
    /// Mode (high nibble of the type byte): 0 push, 4 request, 8 response.
    public static func parameter(mode: UInt8, group: UInt8, subfunction: UInt8, sequence: UInt8 = 0,
                                 errorCode: UInt16 = 0) -> [UInt8] {
        let extended = mode != 4
        let method: UInt8 = mode == 4 ? 0x11 : 0x12
        var out: [UInt8] = [0x00, 0x01, 0x12, extended ? 8 : 4, method, mode << 4 | group & 0x0F, subfunction, sequence]
        if extended { out += [0x00, 0x00] + be16(errorCode) }
        return out
    }

    /// Return code, transport size, length, then `payload`.
    public static func data(returnCode: UInt8 = 0xFF, transportSize: UInt8 = 0x09, _ payload: [UInt8]) -> [UInt8] {
        [returnCode, transportSize] + be16(UInt16(payload.count)) + payload
    }

    /// A whole User Data PDU.
    public static func message(mode: UInt8, group: UInt8, subfunction: UInt8, sequence: UInt8 = 0,
                               errorCode: UInt16 = 0, data: [UInt8], pduReference: UInt16 = 0) -> S7Message {
        S7Message(.userData, pduReference: pduReference,
                  parameter: parameter(mode: mode, group: group, subfunction: subfunction, sequence: sequence,
                                       errorCode: errorCode),
                  data: data)
    }
}

/// An S7comm-plus PDU (protocol id 0x72): header, data (opcode, reserved,
/// function, reserved, sequence number, then `body`), trailer.
public struct S7PlusMessage: Sendable {
    public var version: UInt8
    public var opcode: UInt8
    public var function: UInt16
    public var sequence: UInt16
    public var body: [UInt8]

    public init(version: UInt8 = 1, opcode: UInt8, function: UInt16 = 0, sequence: UInt16 = 1, body: [UInt8] = []) {
        self.version = version
        self.opcode = opcode
        self.function = function
        self.sequence = sequence
        self.body = body
    }

    public var bytes: [UInt8] {
        let data: [UInt8] = opcode == 0x33 ? [opcode] + body
            : [opcode, 0x00, 0x00] + be16(function) + [0x00, 0x00] + be16(sequence) + body
        return [0x72, version] + be16(UInt16(data.count)) + data + [0x72, version, 0x00, 0x00]
    }

    public var tpkt: [UInt8] { TPKT.wrap(COTP.data(bytes)) }
}
