/// Encodes the rows of one log, field by field in schema order, into one
/// reusable byte buffer.
///
/// A log's record type knows its values; the encoder knows how Zeek prints them
/// (LOGS.md §3). Rows are appended to `bytes` until the caller hands them to a
/// `ZeekLogFile` (which empties the buffer but keeps its capacity), so encoding
/// a row allocates nothing once the buffer has grown.
///
///     encoder.beginRow()
///     encoder.time(conn.start)
///     encoder.string(conn.uid)
///     encoder.addr(conn.originator)
///     …
///     encoder.unset()            // an optional field without a value
///     encoder.endRow()
///
/// Every field call must match the schema's type for that column (checked in
/// debug builds); `unset()` fits any column.
public struct RowEncoder: Sendable {
    public let schema: LogSchema
    public let format: LogFormat
    /// The complete rows encoded so far, each ending in LF. (Settable inside the
    /// module only so that the field kinds can live in files of their own.)
    public internal(set) var bytes = RowBytes()
    /// How many complete rows `bytes` holds.
    public internal(set) var rowCount = 0

    let style: Style
    let fieldCount: Int
    /// `"name":` for every column, rendered once (JSON only): one array and the
    /// end offset of each key, so that writing a key retains nothing.
    private let jsonKeys: [UInt8]
    private let jsonKeyEnds: [Int]
    var fieldIndex = 0
    private var rowStart = 0
    var timeText = TimeText()
    var jsonRowHasField = false
    var isInsideRow = false
    /// Elements so far of the vector `beginTextVector()` opened.
    var textElementCount = 0

    enum Style {
        case tsv
        case json
    }

    public init(schema: LogSchema, format: LogFormat, initialCapacity: Int = 1 << 16) {
        self.schema = schema
        self.format = format
        self.style = format == .json ? .json : .tsv
        self.fieldCount = schema.fields.count
        var jsonKeys: [UInt8] = [], jsonKeyEnds: [Int] = []
        if style == .json {
            for field in schema.fields {
                field.name.withLogBytes { ZeekJSONString.append($0, to: &jsonKeys) }
                jsonKeys.append(0x3A)
                jsonKeyEnds.append(jsonKeys.count)
            }
        }
        self.jsonKeys = jsonKeys
        self.jsonKeyEnds = jsonKeyEnds
        bytes.reserveCapacity(initialCapacity)
    }

    /// Forgets the encoded rows but keeps the buffer for the next batch.
    public mutating func removeAllRows() {
        precondition(!isInsideRow, "removeAllRows() inside a row")
        bytes.removeAll()
        rowCount = 0
    }

    /// Hands over the buffer of encoded rows and continues in a new one of
    /// `capacity` bytes, so the rows can be kept without a copy.
    mutating func takeRows(continuingWithCapacity capacity: Int) -> RowBytes {
        precondition(!isInsideRow, "takeRows inside a row")
        let rows = bytes
        bytes = RowBytes(capacity: capacity)
        rowCount = 0
        return rows
    }

    public mutating func beginRow() {
        precondition(!isInsideRow, "beginRow() twice without endRow()")
        isInsideRow = true
        fieldIndex = 0
        bytes.makeUnique()
        rowStart = bytes.count
        if style == .json {
            bytes.append(0x7B)
            jsonRowHasField = false
        }
    }

    public mutating func endRow() {
        precondition(isInsideRow, "endRow() without beginRow()")
        precondition(fieldIndex == fieldCount, "\(schema.path): row has \(fieldIndex) of \(fieldCount) fields")
        switch style {
        case .tsv:
            // §3.4 rule 5: the shipped framing deletes lines starting with `#`.
            if rowStart < bytes.count && bytes[rowStart] == 0x23 {
                bytes.replace(at: rowStart, with: "\\x23")
            }
        case .json:
            bytes.append(0x7D)
        }
        bytes.append(0x0A)
        rowCount += 1
        isInsideRow = false
    }

    /// Gives up the row begun last, as if `beginRow()` had not been called:
    /// a decoder that writes columns as it reads can still reject the record.
    public mutating func abandonRow() {
        precondition(isInsideRow, "abandonRow() without beginRow()")
        bytes.truncate(to: rowStart)
        isInsideRow = false
    }

    /// A field without a value: `-` in TSV, left out in JSON (§3.5).
    public mutating func unset() {
        precondition(isInsideRow && fieldIndex < fieldCount, "\(schema.path): field outside a row or past the schema")
        if style == .tsv {
            if fieldIndex > 0 { bytes.append(0x09) }
            bytes.append(0x2D)
        }
        fieldIndex += 1
    }

    public mutating func time(_ value: Timestamp) {
        beginField(.time)
        let microseconds = value.microsecondsRounded
        if style == .tsv && microseconds >= 0 {
            timeText.append(microseconds: UInt64(microseconds), to: &bytes)
        } else {
            appendMicroseconds(microseconds)
        }
    }

    public mutating func interval(_ value: Duration) {
        beginField(.interval)
        appendMicroseconds(value.microsecondsRounded)
    }

    public mutating func count(_ value: UInt64) {
        beginField(.count)
        LogText.appendDecimal(value, to: &bytes)
    }

    /// A `count` held as `Int`; a negative value is a caller bug and traps.
    public mutating func count(_ value: Int) {
        count(UInt64(value))
    }

    public mutating func int(_ value: Int64) {
        beginField(.int)
        LogText.appendDecimal(value, to: &bytes)
    }

    public mutating func int(_ value: Int) {
        int(Int64(value))
    }

    /// The port number only; Zeek does not print the protocol in logs.
    public mutating func port(_ value: UInt16) {
        beginField(.port)
        LogText.appendDecimal(UInt64(value), to: &bytes)
    }

    public mutating func addr(_ value: IPAddress) {
        beginField(.addr)
        quotedInJSON { AddressText.append(value, to: &$0) }
    }

    public mutating func string<Text: LogBytes>(_ value: Text) {
        beginField(.string)
        appendText(value)
    }

    /// A MAC address logged in a `string` column (`orig_l2_addr`, arp's `mac` …).
    public mutating func macAddress(_ value: MACAddress) {
        beginField(.string)
        quotedInJSON { AddressText.append(value, to: &$0) }
    }

    /// An `enum` column: the value's name, e.g. `tcp`.
    public mutating func enumValue<Name: LogBytes>(_ name: Name) {
        beginField(.enumeration)
        appendText(name)
    }

    public mutating func bool(_ value: Bool) {
        beginField(.bool)
        switch style {
        case .tsv: bytes.append(value ? 0x54 : 0x46)
        case .json: LogText.append(value ? "true" : "false", to: &bytes)
        }
    }

    public mutating func double(_ value: Double) {
        beginField(.double)
        switch style {
        case .tsv: TSVDouble.append(value, to: &bytes)
        case .json: JSONNumber.append(value, to: &bytes)
        }
    }

    // MARK: - Shared by the field kinds

    @inline(__always)
    mutating func beginField(_ type: ZeekType) {
        precondition(isInsideRow && fieldIndex < fieldCount, "\(schema.path): field outside a row or past the schema")
        assert(schema.fields[fieldIndex].type == type,
               "\(schema.path).\(schema.fields[fieldIndex].name) is \(schema.fields[fieldIndex].type.name), not \(type.name)")
        switch style {
        case .tsv:
            if fieldIndex > 0 { bytes.append(0x09) }
        case .json:
            if jsonRowHasField { bytes.append(0x2C) }
            let key = (fieldIndex == 0 ? 0 : jsonKeyEnds[fieldIndex - 1])..<jsonKeyEnds[fieldIndex]
            jsonKeys.withUnsafeBytes { bytes.append(bytes: UnsafeRawBufferPointer(rebasing: $0[key])) }
            jsonRowHasField = true
        }
        fieldIndex += 1
    }

    @inline(__always)
    mutating func appendMicroseconds(_ microseconds: Int64) {
        switch style {
        case .tsv: LogText.appendFixedMicroseconds(microseconds, to: &bytes)
        case .json: JSONNumber.appendMicroseconds(microseconds, to: &bytes)
        }
    }

    /// A string or enum value (whole field or container element).
    mutating func appendText<Text: LogBytes>(_ value: Text, inContainer: Bool = false) {
        value.withLogBytes { raw in
            switch style {
            case .tsv: Self.appendTSVEscaped(raw, inContainer: inContainer, to: &bytes)
            case .json: ZeekJSONString.append(raw, to: &bytes)
            }
        }
    }

    /// Text that needs no escaping in either form, quoted as a JSON string.
    @inline(__always)
    mutating func quotedInJSON(_ body: (inout RowBytes) -> Void) {
        if style == .json { bytes.append(0x22) }
        body(&bytes)
        if style == .json { bytes.append(0x22) }
    }
}
