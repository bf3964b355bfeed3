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
