/// dns.log's columns: Zeek 9.1's `DNS::Info` in the native layout, and in the
/// osect layout the shipped sensor's 25 columns, Zeek 5.0's without the opcode
/// and with the aggregation count `pkts` (LOGS.md §6.5).
enum DNSLog {
    private static let columns = [
        LogField(name: "ts", type: .time), LogField(name: "uid", type: .string),
        LogField(name: "id.orig_h", type: .addr), LogField(name: "id.orig_p", type: .port),
        LogField(name: "id.resp_h", type: .addr), LogField(name: "id.resp_p", type: .port),
        LogField(name: "proto", type: .enumeration), LogField(name: "trans_id", type: .count),
        LogField(name: "rtt", type: .interval), LogField(name: "query", type: .string),
        LogField(name: "qclass", type: .count), LogField(name: "qclass_name", type: .string),
        LogField(name: "qtype", type: .count), LogField(name: "qtype_name", type: .string),
        LogField(name: "rcode", type: .count), LogField(name: "rcode_name", type: .string),
        LogField(name: "AA", type: .bool), LogField(name: "TC", type: .bool),
        LogField(name: "RD", type: .bool), LogField(name: "RA", type: .bool),
        LogField(name: "Z", type: .count), LogField(name: "answers", type: .vector(.string)),
        LogField(name: "TTLs", type: .vector(.interval)), LogField(name: "rejected", type: .bool),
    ]

    static let dns = LogDescription(
        fileName: "dns.log",
        schema: LogSchema(path: "dns", fields: columns + [
            LogField(name: "opcode", type: .count), LogField(name: "opcode_name", type: .string),
        ], osectFraming: .z8),
        osectSchema: LogSchema(path: "dns", fields: columns + [LogField(name: "pkts", type: .int)], osectFraming: .z8))
}

extension RowEncoder {
    /// The columns from `uid` to `rejected`, which both layouts share.
    mutating func dnsColumns(_ record: DNSRecord, uid: [UInt8], dialect: DNSDialect) {
        let endpoints = record.endpoints
        string(uid)
        addr(endpoints.origAddress)
        port(endpoints.origPort)
        addr(endpoints.respAddress)
        port(endpoints.respPort)
        enumValue(endpoints.ipProtocol == 6 ? "tcp" : "udp")
        count(UInt64(record.transactionID))
        if let rtt = record.rtt { interval(rtt) } else { unset() }
        if let query = record.query { string(query) } else { unset() }
        if let qclass = record.qclass {
            count(UInt64(qclass))
            string(DNSNames.qclass(qclass))
        } else {
            unset()
            unset()
        }
        if let qtype = record.qtype {
            count(UInt64(qtype))
            let nodeStatus = qtype == 33 && endpoints.respPort == DNSNetBIOS.port && endpoints.ipProtocol == 17
            string(nodeStatus ? "NBSTAT" : DNSNames.qtype(qtype, dialect: dialect))
        } else {
            unset()
            unset()
        }
        if let rcode = record.rcode {
            count(UInt64(rcode))
            string(DNSNames.rcode(rcode))
        } else {
            unset()
            unset()
        }
        bool(record.authoritative)
        bool(record.truncated)
        bool(record.recursionDesired)
        bool(record.recursionAvailable)
        count(UInt64(record.z))
        if let answers = record.answers { stringVector(answers) } else { unset() }
        if let ttls = record.ttls { intervalVector(ttls.lazy.map { Duration.seconds(Int64($0)) }) } else { unset() }
        bool(record.rejected)
    }
}
