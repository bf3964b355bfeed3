/// The files of one direction of a pair as Zeek's http scripts list them
/// (`orig_fuids`, `orig_filenames`, `orig_mime_types` and the `resp_` ones):
/// three lists that need not line up, since a file without a name or without
/// a detected type adds only its id. Each list stops at Zeek's
/// `HTTP::max_files_orig`/`max_files_resp`.
public struct HTTPFiles: Sendable, Equatable {
    public static let maximum = 15

    public var ids: [HTTPFileID] = []
    public var names: [[UInt8]] = []
    public var mimeTypes: [String] = []

    public init() {}

    /// `file_over_new_connection`: the file reached the pair.
    mutating func add(_ id: HTTPFileID, name: [UInt8]?) {
        guard ids.count < Self.maximum else { return }
        ids.append(id)
        if let name { names.append(name) }
    }

    /// `file_sniff` with a type.
    mutating func add(mimeType: String) {
        guard mimeTypes.count < Self.maximum else { return }
        mimeTypes.append(mimeType)
    }
}

/// What a file's id is made from (Zeek's `HTTP::get_file_handle`): the
/// connection, direction, pair and entity; or, for the response to a range
/// request, the client and the URL, so that every connection fetching a
/// piece of one resource names the same file.
public enum HTTPFileID: Hashable, Sendable {
    case entity(isOrig: Bool, depth: Int, mimeDepth: Int)
    case range(host: [UInt8]?, uri: [UInt8]?)

    /// The fuid: 'F' and 96 bits in the uid's shape. An entity's is a
    /// bijective mix of the connection's uid, so it differs from every other
    /// entity's; a range file's depends only on the slice, client and URL.
    func fuid(connection: ConnectionUID.Words, endpoints: HTTPFileEndpoints, sliceSeed: UInt64) -> [UInt8] {
        let words: ConnectionUID.Words
        switch self {
        case .entity(let isOrig, let depth, let mimeDepth):
            let entity = UInt64(truncatingIfNeeded: depth) << 33 | UInt64(truncatingIfNeeded: mimeDepth) << 1
                | (isOrig ? 1 : 0)
            words = .init(first: StableHash.mix(connection.first ^ 0x46),
                          second: StableHash.mix(connection.second ^ StableHash.mix(entity)))
        case .range(let host, let uri):
            var h = StableHash.mix(sliceSeed ^ endpoints.client.high)
            h = StableHash.mix(h ^ endpoints.client.low)
            h = StableHash.mix(h ^ UInt64(endpoints.serverPort))
            if host == nil {
                h = StableHash.mix(h ^ endpoints.server.high)
                h = StableHash.mix(h ^ endpoints.server.low)
            }
            h = Self.hash(host, into: h)
            h = Self.hash(uri, into: h)
            words = .init(first: h, second: StableHash.mix(h ^ 0x52))
        }
        return ConnectionUID.render(words, prefix: UInt8(ascii: "F"))
    }

    /// Zeek's `build_url`: the host (the server's address without one), the
    /// port unless 80, and the URI.
    private static func hash(_ text: [UInt8]?, into seed: UInt64) -> UInt64 {
        guard let text else { return StableHash.mix(seed ^ 0xFFFF) }
        var h = StableHash.mix(seed ^ UInt64(text.count))
        for byte in text { h = StableHash.mix(h ^ UInt64(byte)) }
        return h
    }
}

extension HTTPFiles {
    func carry(into writer: inout StateWriter) {
        writer.put(UInt64(ids.count))
        for id in ids { id.carry(into: &writer) }
        writer.put(UInt64(names.count))
        for name in names { writer.put(name) }
        writer.put(UInt64(mimeTypes.count))
        for type in mimeTypes { writer.put(type) }
    }

    init(carriedFrom reader: inout StateReader) throws {
        self.init()
        ids = try (0..<reader.count()).map { _ in try HTTPFileID(carriedFrom: &reader) }
        names = try (0..<reader.count()).map { _ in try reader.byteString() }
        mimeTypes = try (0..<reader.count()).map { _ in String(decoding: try reader.byteString(), as: UTF8.self) }
        guard ids.count <= Self.maximum, names.count <= Self.maximum, mimeTypes.count <= Self.maximum else {
            throw CarriedStateError.malformed("an HTTP pair with more than \(Self.maximum) files")
        }
    }
}

extension HTTPFileID {
    /// A fixed order for writing a set of ids: the state file's bytes must
    /// not depend on a set's hashing.
    var carriedOrder: [UInt8] {
        var writer = StateWriter()
        carry(into: &writer)
        return writer.bytes
    }

    func carry(into writer: inout StateWriter) {
        switch self {
        case .entity(let isOrig, let depth, let mimeDepth):
            writer.put(UInt8(0))
            writer.put(isOrig)
            writer.put(depth)
            writer.put(mimeDepth)
        case .range(let host, let uri):
            writer.put(UInt8(1))
            for text in [host, uri] {
                writer.put(text != nil)
                writer.put(text ?? [])
            }
        }
    }

    init(carriedFrom reader: inout StateReader) throws {
        switch try reader.uint8() {
        case 0:
            self = .entity(isOrig: try reader.bool(), depth: try reader.int(), mimeDepth: try reader.int())
        case 1:
            let hasHost = try reader.bool(), host = try reader.byteString()
            let hasURI = try reader.bool(), uri = try reader.byteString()
            self = .range(host: hasHost ? host : nil, uri: hasURI ? uri : nil)
        default:
            throw CarriedStateError.malformed("an HTTP file id")
        }
    }
}

/// What a range request's file id depends on besides its URL: Zeek's
/// handle names the client, and `build_url` the server without a Host.
struct HTTPFileEndpoints {
    let client: IPAddress
    let server: IPAddress
    let serverPort: UInt16
}
