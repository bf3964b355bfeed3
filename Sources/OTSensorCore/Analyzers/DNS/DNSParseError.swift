/// Why a DNS message, or the rest of it, was not used; the raw value is the
/// manifest's anomaly name. Zeek's own weird for each case is given beside it.
enum DNSParseError: String, Error {
    /// Shorter than the 12-byte header (`DNS_truncated_len_lt_hdr_len`).
    case truncatedHeader = "dns.truncated_header"
    /// An opcode Zeek does not parse: IQUERY, STATUS, DSO, ... (`DNS_unknown_opcode`).
    case unsupportedOpcode = "dns.unsupported_opcode"
    /// More than 25 questions: not DNS, the analyzer gives up on the
    /// connection (`DNS_Conn_count_too_large`).
    case tooManyQuestions = "dns.too_many_questions"
    /// A name ran past the end of the message (`dns_invalid_name`).
    case nameTruncated = "dns.name_truncated"
    /// A compression pointer to itself or to later bytes, the only way a
    /// pointer chain could loop (`DNS_label_forward_compress_offset`).
    case nameLoop = "dns.name_loop"
    /// More than 20 compression pointers in a row.
    case nameChainTooDeep = "dns.name_chain_too_deep"
    /// A label longer than the bytes left (`DNS_label_len_gt_pkt`).
    case labelPastEnd = "dns.label_past_end"
    /// A label over 63 bytes (`DNS_label_too_long`).
    case labelTooLong = "dns.label_too_long"
    /// A name over 512 bytes (`DNS_label_len_gt_name_len`).
    case nameTooLong = "dns.name_too_long"
    /// A question without its type and class (`DNS_truncated_quest_too_short`).
    case questionTruncated = "dns.question_truncated"
    /// A record header or its RDATA cut short (`DNS_truncated_ans_too_short`,
    /// `DNS_truncated_RR_rdlength_lt_len`).
    case recordTruncated = "dns.record_truncated"
    /// A record with no RDATA in the middle of a message (`DNS_zero_rdlength`).
    case zeroRDLength = "dns.zero_rdlength"
    /// RDATA whose length or content does not fit its type (`DNS_RR_bad_length`, ...).
    case badRData = "dns.bad_rdata"
    /// An UPDATE whose zone section is not one SOA (`DNS_DU_invalid_zone_count`,
    /// `DNS_DU_incorrect_zone_type`).
    case badUpdateZone = "dns.bad_update_zone"
    /// TCP bytes were lost inside a length-framed message.
    case streamGap = "dns.tcp_gap"
}
