/// CC-Link IE Field / Control / TSN frames (EtherType 0x890F), built from the
/// header fields LOGS.md §6.14 and appendix D name. Offsets are from the first
/// byte after the EtherType; HEC bytes are written as zero (no reader checks them).
public enum CCLinkIEFrame {
    public static let etherType: UInt16 = 0x890F

    /// protocolVerType (byte 8).
    public enum Version: UInt8, Sendable {
        case control = 0x00, field = 0x01, tsn = 0x02, tsnAndField = 0x03
    }

    /// The 14-byte common header: frame type, then bytes 1–5 whose meaning
    /// depends on the layout (dataType, nodeId, connectionInfo, nodeType …),
    /// srcNodeNumber (6–7), protocolVerType (8), reserved (9), HEC (10–13).
    public static func header(frameType: UInt8, byte1: UInt8 = 0, nodeID: UInt16 = 0, byte4: UInt8 = 0,
                              byte5: UInt8 = 0, srcNodeNumber: UInt16, version: UInt8) -> [UInt8] {
        var out: [UInt8] = [frameType, byte1]
        out.appendBE(nodeID)
        out += [byte4, byte5]
        out.appendBE(srcNodeNumber)
        out += [version, 0, 0, 0, 0, 0]
        return out
    }

    /// Layout F1/myStatus/T frames (tokenM, setup, measure…, cyclicDataRW*, myStatus, transientAck…).
    public static func field(frameType: UInt8, nodeID: UInt16, srcNodeNumber: UInt16,
                             version: Version = .field, connectionInfo: UInt8 = 0, nodeType: UInt8 = 0,
                             body: [UInt8] = []) -> [UInt8] {
        header(frameType: frameType, byte1: 0x01, nodeID: nodeID, byte4: connectionInfo, byte5: nodeType,
               srcNodeNumber: srcNodeNumber, version: version.rawValue) + body
    }

    /// Layout F2 (persuasion, testData, testDataAck): nodeType in byte 5.
    public static func nodeTypeFrame(frameType: UInt8, nodeType: UInt8, srcNodeNumber: UInt16,
                                     version: UInt8) -> [UInt8] {
        header(frameType: frameType, byte1: 0x01, byte5: nodeType, srcNodeNumber: srcNodeNumber, version: version)
            + repeatElement(0, count: 20)
    }

    /// transient1 (0x22): header, 16-byte transient header, then by dataType:
    /// 0x05 → ct at offset 52; 0x07/0x08 → command at 30, sub-command at 31.
    public static func transient1(dataType: UInt8, nodeID: UInt16, connectionInfo: UInt8, srcNodeNumber: UInt16,
                                  version: Version = .field, ct: UInt8 = 0, command: UInt8 = 0,
                                  subCommand: UInt8 = 0) -> [UInt8] {
        var out = header(frameType: 0x22, byte1: dataType, nodeID: nodeID, byte4: connectionInfo,
                         srcNodeNumber: srcNodeNumber, version: version.rawValue)
        out += repeatElement(0, count: 16)
        if dataType == 0x05 {
            out += repeatElement(0, count: 22)
            out += [ct, 0, 0, 0]
        } else {
            out += [command, subCommand, 0, 0]
        }
        return out
    }

    /// transient2 (0x25): header, 22 skipped bytes, ct at offset 36.
    public static func transient2(ct: UInt8, nodeID: UInt16, connectionInfo: UInt8, srcNodeNumber: UInt16,
                                  version: Version = .field) -> [UInt8] {
        header(frameType: 0x25, byte1: 0x01, nodeID: nodeID, byte4: connectionInfo, srcNodeNumber: srcNodeNumber,
               version: version.rawValue) + repeatElement(0, count: 22) + [ct, 0, 0, 0]
    }

    /// Control layout C (connect … cyclicDataIn2): priority, scan number, srcNodeNumber.
    public static func control(frameType: UInt8, srcNodeNumber: UInt16, scanNumber: UInt8 = 1,
                               body: [UInt8] = []) -> [UInt8] {
        var out: [UInt8] = [frameType, 0x00, 0x00, 0x00, scanNumber, 0x00]
        out.appendBE(srcNodeNumber)
        out += [0, 0, 0, 0, 0, 0]
        return out + body
    }

    // MARK: CC-Link IE TSN (frame types 0xC0–0xC5)

    /// cyclicM (0xC4), cyclicS (0xC5), acyclicPriority (0xC0), acyclicData (0xC3).
    public static func tsn(frameType: UInt8, body: [UInt8] = [UInt8](repeating: 0, count: 33)) -> [UInt8] {
        [frameType] + body
    }

    /// acyclicDetection (0xC1) of detection version `version` (byte 4).
    public static func tsnDetection(version: UInt8) -> [UInt8] {
        [0xC1, 0x00, 0x00, 0x00, version] + repeatElement(0, count: 48)
    }

    /// acyclicDetectionAck (0xC2): node type (byte 2), version (byte 3), device
    /// type (128–129), function bytes (174 and 182); 186 bytes like a real one.
    public static func tsnDetectionAck(nodeType: UInt8, version: UInt8, deviceType: UInt16,
                                       functions: (UInt8, UInt8)) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 186)
        out[0] = 0xC2
        out[2] = nodeType
        out[3] = version
        out.setBE(deviceType, at: 128)
        out[174] = functions.0
        out[182] = functions.1
        return out
    }
}
