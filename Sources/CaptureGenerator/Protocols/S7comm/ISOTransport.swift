/// RFC 1006 TPKT framing: version 3, reserved 0, a 16-bit length including
/// the 4-byte header.
public enum TPKT {
    /// `tpdu` behind a TPKT header whose length field is the real length, or
    /// `length` when a test wants a wrong one.
    public static func wrap(_ tpdu: [UInt8], length: UInt16? = nil, version: UInt8 = 3) -> [UInt8] {
        let total = length ?? UInt16(truncatingIfNeeded: tpdu.count + 4)
        return [version, 0, UInt8(total >> 8), UInt8(total & 0xFF)] + tpdu
    }
}

/// COTP TPDUs (ISO 8073 / X.224 class 0) as S7 stations exchange them.
public enum COTP {
    /// Any TPDU: the length indicator counts the type byte, `fixed` and
    /// `parameters`; `lengthIndicator` overrides it for malformed cases.
    public static func tpdu(type: UInt8, fixed: [UInt8] = [], parameters: [UInt8] = [], userData: [UInt8] = [],
                            lengthIndicator: UInt8? = nil) -> [UInt8] {
        let indicator = lengthIndicator ?? UInt8(1 + fixed.count + parameters.count)
        return [indicator, type] + fixed + parameters + userData
    }

    /// CR (0xE0) with the calling/called TSAPs and TPDU size parameters S7 uses
    /// (source TSAP 0x0100, destination TSAP 0x0102 = rack 0 slot 2, size 1024).
    public static func connectRequest(sourceReference: UInt16 = 0x0001, sourceTSAP: UInt16 = 0x0100,
                                      destinationTSAP: UInt16 = 0x0102, credit: UInt8 = 0) -> [UInt8] {
        tpdu(type: 0xE0 | credit, fixed: be16(0) + be16(sourceReference) + [0x00],
             parameters: connectionParameters(sourceTSAP: sourceTSAP, destinationTSAP: destinationTSAP))
    }

    /// CC (0xD0) answering a CR.
    public static func connectConfirm(destinationReference: UInt16 = 0x0001, sourceReference: UInt16 = 0x4431,
                                      sourceTSAP: UInt16 = 0x0100, destinationTSAP: UInt16 = 0x0102) -> [UInt8] {
        tpdu(type: 0xD0, fixed: be16(destinationReference) + be16(sourceReference) + [0x00],
             parameters: connectionParameters(sourceTSAP: sourceTSAP, destinationTSAP: destinationTSAP))
    }

    /// DT (0xF0): the EOT bit marks the last TPDU of a TSDU.
    public static func data(_ userData: [UInt8], endOfTSDU: Bool = true) -> [UInt8] {
        tpdu(type: 0xF0, fixed: [endOfTSDU ? 0x80 : 0x00], userData: userData)
    }

    /// DR (0x80) with a reason (0x80 normal disconnect).
    public static func disconnectRequest(destinationReference: UInt16 = 0x4431, sourceReference: UInt16 = 0x0001,
                                         reason: UInt8 = 0x80) -> [UInt8] {
        tpdu(type: 0x80, fixed: be16(destinationReference) + be16(sourceReference) + [reason])
    }

    /// DC (0xC0).
    public static func disconnectConfirm(destinationReference: UInt16 = 0x0001, sourceReference: UInt16 = 0x4431) -> [UInt8] {
        tpdu(type: 0xC0, fixed: be16(destinationReference) + be16(sourceReference))
    }

    /// AK (0x60 | credit) with the next expected TPDU number.
    public static func dataAcknowledge(destinationReference: UInt16 = 0x4431, nextTPDU: UInt8 = 0, credit: UInt8 = 0) -> [UInt8] {
        tpdu(type: 0x60 | credit, fixed: be16(destinationReference) + [nextTPDU])
    }

    /// ER (0x70) with a reject cause.
    public static func error(destinationReference: UInt16 = 0x0001, cause: UInt8 = 0x00) -> [UInt8] {
        tpdu(type: 0x70, fixed: be16(destinationReference) + [cause])
    }

    private static func connectionParameters(sourceTSAP: UInt16, destinationTSAP: UInt16) -> [UInt8] {
        [0xC1, 0x02] + be16(sourceTSAP) + [0xC2, 0x02] + be16(destinationTSAP) + [0xC0, 0x01, 0x0A]
    }
}

func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
