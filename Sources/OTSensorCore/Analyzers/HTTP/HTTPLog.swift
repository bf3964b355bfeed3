/// http.log's columns: Zeek's current `HTTP::Info` in the native layout
/// (with the file columns of Zeek's http/entities.zeek: ids, names from the
/// headers and types from Zeek's file magic), and in the
/// osect layout LOGS.md §6.7's 26 columns, Zeek 5.0's without the file
/// columns and with the connection's link-layer addresses.
enum HTTPLog {
    private static let columns = [
        LogField(name: "ts", type: .time), LogField(name: "uid", type: .string),
        LogField(name: "id.orig_h", type: .addr), LogField(name: "id.orig_p", type: .port),
        LogField(name: "id.resp_h", type: .addr), LogField(name: "id.resp_p", type: .port),
        LogField(name: "trans_depth", type: .count), LogField(name: "method", type: .string),
        LogField(name: "host", type: .string), LogField(name: "uri", type: .string),
        LogField(name: "referrer", type: .string), LogField(name: "version", type: .string),
        LogField(name: "user_agent", type: .string), LogField(name: "origin", type: .string),
        LogField(name: "request_body_len", type: .count), LogField(name: "response_body_len", type: .count),
        LogField(name: "status_code", type: .count), LogField(name: "status_msg", type: .string),
        LogField(name: "info_code", type: .count), LogField(name: "info_msg", type: .string),
        LogField(name: "tags", type: .set(.enumeration)), LogField(name: "username", type: .string),
        LogField(name: "password", type: .string), LogField(name: "proxied", type: .set(.string)),
    ]

    static let fileColumns = ["orig_fuids", "orig_filenames", "orig_mime_types",
                              "resp_fuids", "resp_filenames", "resp_mime_types"]

    static let http = LogDescription(
        fileName: "http.log",
        schema: LogSchema(path: "http", fields: columns + fileColumns.map { LogField(name: $0, type: .vector(.string)) },
                          osectFraming: .z8),
        osectSchema: LogSchema(path: "http", fields: columns + [
            LogField(name: "orig_l2_addr", type: .string), LogField(name: "resp_l2_addr", type: .string),
        ], osectFraming: .z8))
}

extension RowEncoder {
    /// One http.log row: the shared columns, then the file columns (native)
    /// or the link-layer addresses (osect).
    mutating func httpRow(_ transaction: HTTPTransaction, endpoints: HTTPEndpoints, uid: HTTPRowUID, osect: Bool) {
        time(transaction.time)
        string(uid.text)
        addr(endpoints.origAddress)
        port(endpoints.origPort)
        addr(endpoints.respAddress)
        port(endpoints.respPort)
        count(transaction.depth)
        optionalString(transaction.method)
        optionalString(transaction.host)
        optionalString(transaction.uri)
        optionalString(transaction.referrer)
        optionalString(transaction.version)
        optionalString(transaction.userAgent)
        optionalString(transaction.origin)
        count(transaction.requestBodyLength)
        count(transaction.responseBodyLength)
        if let code = transaction.statusCode { count(code) } else { unset() }
        optionalString(transaction.statusMessage)
        if let code = transaction.infoCode { count(code) } else { unset() }
        optionalString(transaction.infoMessage)
        enumSet([[UInt8]]())
        optionalString(transaction.username)
        optionalString(transaction.password)
        if transaction.proxied.isEmpty { unset() } else { stringSet(transaction.proxied) }
        if osect {
            let l2 = transaction.l2Addresses
            optionalMAC(l2?.orig)
            optionalMAC(l2?.resp)
        } else {
            files(transaction.origFiles, endpoints: endpoints, uid: uid)
            files(transaction.respFiles, endpoints: endpoints, uid: uid)
        }
    }

    private mutating func files(_ files: HTTPFiles, endpoints: HTTPEndpoints, uid: HTTPRowUID) {
        if files.ids.isEmpty {
            unset()
        } else {
            let ends = HTTPFileEndpoints(client: endpoints.origAddress, server: endpoints.respAddress,
                                         serverPort: endpoints.respPort)
            stringVector(files.ids.map { $0.fuid(connection: uid.words, endpoints: ends, sliceSeed: uid.sliceSeed) })
        }
        if files.names.isEmpty { unset() } else { stringVector(files.names) }
        if files.mimeTypes.isEmpty { unset() } else { stringVector(files.mimeTypes) }
    }

    private mutating func optionalString(_ value: [UInt8]?) {
        if let value { string(value) } else { unset() }
    }

    private mutating func optionalMAC(_ address: MACAddress?) {
        if let address, !address.isZero { macAddress(address) } else { unset() }
    }
}

/// The connection a transaction belongs to, as its row names it.
struct HTTPEndpoints: Sendable {
    let reference: ConnectionReference
    let origAddress: IPAddress
    let origPort: UInt16
    let respAddress: IPAddress
    let respPort: UInt16

    init(_ connection: ConnectionView) {
        reference = connection.reference
        origAddress = connection.origAddress
        origPort = connection.origPort
        respAddress = connection.respAddress
        respPort = connection.respPort
    }
}

/// A connection's uid as its rows print it, with what its files' ids are made from.
struct HTTPRowUID {
    let words: ConnectionUID.Words
    let sliceSeed: UInt64
    let text: [UInt8]

    init(_ reference: ConnectionReference, context: LogContext) {
        words = reference.uidWords(sliceSeed: context.sliceSeed)
        sliceSeed = context.sliceSeed
        text = ConnectionUID.render(words)
    }
}
