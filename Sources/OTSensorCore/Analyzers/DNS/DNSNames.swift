/// The names dns.log prints beside the numbers (Zeek's base/protocols/dns/consts.zeek).
///
/// Two tables of query types: the native layout follows Zeek 9.1, the osect
/// layout the Zeek 5.0 that the shipped sensor runs (LOGS.md §6.5), and the two
/// disagree on a few old types (30–32) and know different newer ones.
enum DNSNames {
    static func qclass(_ value: UInt16) -> String {
        switch value {
        case 1: "C_INTERNET"
        case 2: "C_CSNET"
        case 3: "C_CHAOS"
        case 4: "C_HESIOD"
        case 254: "C_NONE"
        case 255: "C_ANY"
        default: "qclass-\(value)"
        }
    }

    static func rcode(_ value: UInt16) -> String {
        switch value {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        case 6: "YXDOMAIN"
        case 7: "YXRRSET"
        case 8: "NXRRSet"
        case 9: "NOTAUTH"
        case 10: "NOTZONE"
        case 11...15: "unassigned-\(value)"
        case 16: "BADVERS"
        case 17: "BADKEY"
        case 18: "BADTIME"
        case 19: "BADMODE"
        case 20: "BADNAME"
        case 21: "BADALG"
        case 22: "BADTRUNC"
        case 23: "BADCOOKIE"
        case 3842: "BADSIG"
        default: "rcode-\(value)"
        }
    }

    static func opcode(_ value: UInt8) -> String {
        switch value {
        case 0: "query"
        case 1: "iquery"
        case 2: "server-status"
        case 4: "notify"
        case 5: "dynamic-update"
        case 6: "dso"
        default: "opcode-\(value)"
        }
    }

    /// The query type's name in `dialect`'s table; unknown types are `query-N`.
    static func qtype(_ value: UInt16, dialect: DNSDialect) -> String {
        switch dialect {
        case .zeek9: zeek9Types[value] ?? "query-\(value)"
        case .osect: osectTypes[value] ?? "query-\(value)"
        }
    }

    /// The names both tables give the same number.
    private static let commonTypes: [UInt16: String] = [
        1: "A", 2: "NS", 3: "MD", 4: "MF", 5: "CNAME", 6: "SOA", 7: "MB", 8: "MG", 9: "MR", 10: "NULL",
        11: "WKS", 12: "PTR", 13: "HINFO", 14: "MINFO", 15: "MX", 16: "TXT", 17: "RP", 18: "AFSDB", 19: "X25",
        20: "ISDN", 21: "RT", 22: "NSAP", 23: "NSAP-PTR", 24: "SIG", 25: "KEY", 26: "PX", 27: "GPOS", 28: "AAAA",
        29: "LOC", 33: "SRV", 34: "ATMA", 35: "NAPTR", 36: "KX", 37: "CERT", 38: "A6", 39: "DNAME", 40: "SINK",
        41: "OPT", 42: "APL", 43: "DS", 44: "SSHFP", 45: "IPSECKEY", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY",
        49: "DHCID", 50: "NSEC3", 51: "NSEC3PARAM", 52: "TLSA", 53: "SMIMEA", 55: "HIP", 59: "CDS", 60: "CDNSKEY",
        61: "OPENPGPKEY", 62: "CSYNC", 63: "ZONEMD", 64: "SVCB", 65: "HTTPS", 99: "SPF", 100: "UINFO", 101: "UID",
        102: "GID", 103: "UNSPEC", 108: "EUI48", 109: "EUI64", 249: "TKEY", 250: "TSIG", 251: "IXFR", 252: "AXFR",
        253: "MAILB", 254: "MAILA", 255: "*", 256: "URI", 257: "CAA", 32768: "TA", 32769: "DLV", 65521: "INTEGRITY",
    ]

    private static let zeek9Types = commonTypes.merging([
        30: "NXT", 31: "EID", 32: "NIMLOC", 56: "NINFO", 57: "RKEY", 58: "TALINK", 104: "NID", 105: "L32",
        106: "L64", 107: "LP", 65281: "WINS", 65282: "WINS-R", 65422: "XPF",
    ]) { common, _ in common }

    private static let osectTypes = commonTypes.merging([30: "EID", 31: "NIMLOC", 32: "NB"]) { common, _ in common }
}
