/// One CC-Link IE Field Basic datagram as the NTT Spicy grammar reads it
/// (LOGS.md §6.13): only the cyclic request and response layouts exist; the
/// parser checks that the whole layout is present and keeps what the log needs.
enum IEFBasicDatagram: Equatable {
    /// A cyclic request (subheader 0x5000) and its two raw command bytes.
    case request(command: UInt16)
    /// A cyclic response (subheader 0xD000).
    case response
    /// Any other subheader: not a PDU the grammar knows (ignored, no violation).
    case otherSubheader

    /// Why a datagram failed to parse (the analyzer reports a protocol violation).
    enum Failure: String, Error {
        case truncatedHeader = "cclink_ief_basic.truncated_header"
        case truncatedRequest = "cclink_ief_basic.truncated_request"
        case truncatedResponse = "cclink_ief_basic.truncated_response"
        case responseLengthInvalid = "cclink_ief_basic.response_length_invalid"
    }

    /// Command bytes `70 0E` (0x0E70 little-endian): cyclic data.
    static let cyclicCommand: UInt16 = 0x700E

    /// Header (15) + request data up to the station count (52).
    private static let requestFixedLength = 67
    /// Per occupied station: slave ID (4), RWw (64), RY (8).
    private static let requestStationLength = 76
    /// Header (11) + response data before RWr (48).
    private static let responseFixedLength = 59
    /// Per station: RWr (64) + RX (8).
    private static let responseStationLength = 72

    static func parse(_ payload: UnsafeRawBufferPointer) -> Result<IEFBasicDatagram, Failure> {
        let cursor = ByteCursor(payload)
        guard let subheader = cursor.peekBE(UInt16.self) else { return .failure(.truncatedHeader) }
        switch subheader {
        case 0x5000:
            guard let command = cursor.peekBE(UInt16.self, at: 11),
                  let stations = cursor.peekBE(UInt16.self, at: 61)?.byteSwapped else {
                return .failure(.truncatedRequest)
            }
            let required = requestFixedLength + requestStationLength * Int(stations)
            return payload.count >= required ? .success(.request(command: command)) : .failure(.truncatedRequest)
        case 0xD000:
            guard let dataLength = cursor.peekBE(UInt16.self, at: 7)?.byteSwapped else {
                return .failure(.truncatedResponse)
            }
            guard dataLength >= 50 else { return .failure(.responseLengthInvalid) }
            let required = responseFixedLength + responseStationLength * ((Int(dataLength) - 50) / 72)
            return payload.count >= required ? .success(.response) : .failure(.truncatedResponse)
        default:
            return .success(.otherSubheader)
        }
    }
}
