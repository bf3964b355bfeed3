/// One output file an analyzer writes: its file name in the output directory and
/// its columns for each format (the osect layout may ship other columns).
public struct LogDescription: Sendable {
    public let fileName: String
    public let nativeSchema: LogSchema
    public let osectSchema: LogSchema

    public init(fileName: String, schema: LogSchema, osectSchema: LogSchema? = nil) {
        self.fileName = fileName
        self.nativeSchema = schema
        self.osectSchema = osectSchema ?? schema
    }

    public func schema(for format: LogFormat) -> LogSchema {
        format == .osect ? osectSchema : nativeSchema
    }
}

/// What encoding a row may need beyond its own values.
public struct LogContext: Sendable {
    public let sliceSeed: UInt64
    public let format: LogFormat
    public let localNetworks: LocalNetworks

    public init(sliceSeed: UInt64, format: LogFormat, localNetworks: LocalNetworks) {
        self.sliceSeed = sliceSeed
        self.format = format
        self.localNetworks = localNetworks
    }

    /// The uid conn.log gives the referenced connection.
    public func uid(_ reference: ConnectionReference) -> [UInt8] { reference.uid(sliceSeed: sliceSeed) }

    /// Whether the columns are the osect layout's.
    public var isOsect: Bool { format == .osect }
}

/// One shard's rows of one log, encoded, each with the time it is ordered by
/// (its `ts`). Rows may be added in any order: the writer sorts them by time,
/// keeping the order of addition for equal times, then merges the shards.
public struct LogRowBuffer: Sendable {
    public private(set) var encoder: RowEncoder
    private(set) var times: [Timestamp] = []
    private(set) var ends: [Int] = []

    public init(schema: LogSchema, format: LogFormat) {
        encoder = RowEncoder(schema: schema, format: format, initialCapacity: 1 << 12)
    }

    /// Encodes one row ordered by `time`: `body` makes the field calls between
    /// `beginRow()` and `endRow()`.
    public mutating func row(at time: Timestamp, _ body: (inout RowEncoder) -> Void) {
        encoder.beginRow()
        body(&encoder)
        encoder.endRow()
        times.append(time)
        ends.append(encoder.bytes.count)
    }

    public var count: Int { ends.count }

    /// The bytes of row `index`, LF included.
    func rowBytes(_ index: Int) -> ArraySlice<UInt8> {
        encoder.bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// Row indices in (time, order of addition) order.
    func sortedOrder() -> [Int] {
        var order = Array(0..<ends.count)
        if !zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }) {
            order.sort { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        }
        return order
    }
}
