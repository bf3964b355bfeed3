/// A frame of EtherType 0x890F (CC-Link IE Field, Control and TSN) read as the
/// NTT `NO_IP` grammar reads it (LOGS.md §6.14 and appendix D). Offsets are
/// from the first byte after the EtherType; byte 0 is the frame type.
enum IEFrame: Equatable {
    case ie(IERecord)
    case tsn(TSNRecord)

    /// Why a frame gives no record.
    enum Failure: String, Error {
        case empty = "cclink_ie.empty_frame"
        case unknownFrameType = "cclink_ie.unknown_frame_type"
        case truncated = "cclink_ie.truncated_header"
        case truncatedTransient = "cclink_ie.truncated_transient"
        case transientDataTypeUnknown = "cclink_ie.transient_data_type_unknown"
        case testDataVersionUnknown = "cclink_ie.test_data_version_unknown"
        case tsnTruncated = "cclink_ie_tsn.truncated"
        case tsnVersionUnknown = "cclink_ie_tsn.detection_version_unknown"
    }

    /// The header layouts of §6.14 (which bytes mean what before the ignored rest).
    private enum Layout {
        case f1, f2, f3, myStatus, transient, transient1, transient2, control
    }

    /// Field/Control layouts need the 14-byte common header.
    private static let headerLength = 14

    static func parse(_ frame: UnsafeRawBufferPointer) -> Result<IEFrame, Failure> {
        guard let type = frame.first else { return .failure(.empty) }
        if (0xC0...0xC5).contains(type) { return parseTSN(type, frame).map(IEFrame.tsn) }
        guard let layout = layout(of: type) else { return .failure(.unknownFrameType) }
        guard frame.count >= headerLength else { return .failure(.truncated) }
        let version = frame[8]
        let srcNodeNumber = UInt16(frame[6]) << 8 | UInt16(frame[7])
        if layout == .control {
            var record = IERecord(service: .control, frameType: type)
            record.srcNodeNumber = srcNodeNumber
            return .success(.ie(record))
        }
        if type == 0x11 || type == 0x12 {
            switch version {
            case 0x00, 0x01: break
            case 0x02, 0x03:
                var record = TSNRecord(service: version == 0x03 ? .tsnAndField : .tsn,
                                       pdu: type == 0x11 ? .testData : .testDataAck)
                record.nodeType = 0
                return .success(.tsn(record))
            default: return .failure(.testDataVersionUnknown)
            }
        }
        // The transient layouts are parsed in full before the version is looked at.
        let isField = version == 0x01
        var cmd: TransientCommand?
        switch layout {
        case .transient1:
            let dataType = frame[1]
            switch dataType {
            case 0x05:
                guard frame.count >= 53 else { return .failure(.truncatedTransient) }
                cmd = .transmit(ct: frame[52])
            case 0x07, 0x08:
                guard frame.count >= 32 else { return .failure(.truncatedTransient) }
                cmd = .command(dataType: dataType, command: frame[30], subCommand: frame[31])
            default:
                return .failure(.transientDataTypeUnknown)
            }
        case .transient2:
            guard frame.count >= 37 else { return .failure(.truncatedTransient) }
            cmd = .transient2(ct: frame[36], isField: isField)
        default:
            break
        }
        guard version <= 0x01 else { return .success(.ie(IERecord(service: .unknownVersion(version), frameType: type))) }

        var record = IERecord(service: isField ? .field : .control, frameType: type)
        record.srcNodeNumber = srcNodeNumber
        let nodeID = UInt16(frame[2]) << 8 | UInt16(frame[3])
        switch layout {
        case .f1:
            if isField || type == 0x13 || type == 0x15 { record.nodeID = nodeID }
        case .f2:
            record.nodeType = IENodeType(byte: frame[5], isField: isField)
        case .f3, .control:
            break
        case .myStatus:
            record.nodeID = nodeID
            if isField { record.nodeType = IENodeType(byte: frame[5], isField: true) }
        case .transient:
            if isField {
                record.connectionInfo = frame[4]
                record.nodeID = nodeID
            }
        case .transient1:
            record.connectionInfo = frame[4]
            record.nodeID = nodeID
            if isField { record.cmd = cmd }
        case .transient2:
            record.connectionInfo = frame[4]
            record.nodeID = nodeID
            record.cmd = cmd
        }
        return .success(.ie(record))
    }

    private static func layout(of type: UInt8) -> Layout? {
        switch type {
        case 0x13, 0x15, 0x40...0x43, 0x82...0x85: .f1
        case 0x10...0x12: .f2
        case 0x14, 0x1C: .f3
        case 0x20: .myStatus
        case 0x23, 0x26, 0x28, 0x29: .transient
        case 0x22: .transient1
        case 0x25: .transient2
        case 0x00...0x06, 0x24, 0x2F, 0x80, 0x81, 0x8C...0x8F: .control
        default: nil
        }
    }

    /// Frame types 0xC0–0xC5.
    private static func parseTSN(_ type: UInt8, _ frame: UnsafeRawBufferPointer) -> Result<TSNRecord, Failure> {
        switch type {
        case 0xC0: return .success(TSNRecord(pdu: .acyclicPriority))
        case 0xC3: return .success(TSNRecord(pdu: .acyclicData))
        case 0xC4: return .success(TSNRecord(pdu: .cyclicM))
        case 0xC5: return .success(TSNRecord(pdu: .cyclicS))
        case 0xC1:
            guard frame.count >= 5 else { return .failure(.tsnTruncated) }
            guard frame[4] <= 1 else { return .failure(.tsnVersionUnknown) }
            return .success(TSNRecord(pdu: .detection(version: frame[4])))
        default:
            // 0xC2: node type, version, device type and the function bytes.
            guard frame.count >= 183 else { return .failure(.tsnTruncated) }
            guard frame[3] <= 1 else { return .failure(.tsnVersionUnknown) }
            var record = TSNRecord(pdu: .detectionAck(version: frame[3]))
            record.nodeType = TSNNames.nodeKind(frame[2])
            let device = UInt16(frame[128]) << 8 | UInt16(frame[129])
            record.deviceType = TSNNames.deviceTypes[device] != nil ? device : nil
            record.functionBits = UInt16(frame[174] & 0x7F) << 8 | UInt16(frame[182])
            return .success(record)
        }
    }
}

