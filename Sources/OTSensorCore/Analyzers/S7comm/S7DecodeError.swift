/// Why a TPKT, a COTP TPDU or an S7 PDU was skipped: the manifest's anomaly
/// reasons for this analyzer (ARCHITECTURE.md decision 8).
enum S7DecodeError: String, Error {
    /// A TPKT header whose version is not 3 or whose reserved byte is not 0.
    case tpktHeaderInvalid = "s7comm.tpkt_header_invalid"
    /// A TPKT length below 7 (no room for a COTP header) or above the largest TPDU.
    case tpktLengthInvalid = "s7comm.tpkt_length_invalid"
    /// The stream ended inside a TPKT.
    case tpktTruncated = "s7comm.tpkt_truncated"
    /// A COTP length indicator of 0 or reaching past the TPKT, or too short for its TPDU type.
    case cotpLengthInvalid = "s7comm.cotp_length_invalid"
    /// Segmented data (DT with EOT=0) grew past the reassembly bound.
    case cotpReassemblyOverflow = "s7comm.cotp_reassembly_overflow"
    /// The stream ended (or lost bytes) inside a segmented TSDU.
    case cotpSegmentsIncomplete = "s7comm.cotp_segments_incomplete"
    /// Fewer bytes than the S7 header of the ROSCTR.
    case headerTruncated = "s7comm.header_truncated"
    /// The header's parameter and data lengths reach past the PDU.
    case parameterLengthInvalid = "s7comm.parameter_length_invalid"
    /// A value or address inside the data reaches past the PDU; the row is written with `data_info` empty.
    case itemTruncated = "s7comm.item_truncated"
    /// An S7comm-plus PDU shorter than its own header.
    case plusHeaderTruncated = "s7comm.plus_header_truncated"
}
