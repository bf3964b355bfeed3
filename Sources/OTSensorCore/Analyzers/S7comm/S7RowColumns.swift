/// An S7 PDU's s7comm.log columns after the connection's identity (LOGS.md
/// §6.15), written into the row while the PDU is decoded: `rosctr`, then the
/// elements of `parameter` (`class=…`, `code=…`, `type=…`, or `mode=…`,
/// `group=…`, `sub=…`, `code=…`), `item_count`, then the elements of
/// `data_info`. A column the decoder skips is written empty or unset when a
/// later one comes, so a polling slice's million PDUs gather nothing in
/// between and copy nothing twice.
///
/// It lives only inside `RowEncoder.withS7Columns(names:processValues:_:)`, which lends it the
/// row's encoder in place (moving the encoder in and out copied it); not
/// copyable, so no second value writes into the row.
struct S7RowColumns: ~Copyable {
    let names: S7NameTables
    /// Whether item values are written or only their type and length.
    let processValues: ProcessValues
    private let encoder: UnsafeMutablePointer<RowEncoder>
    private var next = Column.rosctr
    /// Whether the vector column `next` has been opened.
    private var isVectorOpen = false

    private enum Column: Int, Comparable {
        case rosctr, parameter, itemCount, dataInfo, end

        static func < (a: Column, b: Column) -> Bool { a.rawValue < b.rawValue }
    }

    fileprivate init(encoder: UnsafeMutablePointer<RowEncoder>, names: S7NameTables, processValues: ProcessValues) {
        self.encoder = encoder
        self.names = names
        self.processValues = processValues
    }

    /// `rosctr`: a name from a table or a literal, text escaping leaves as it is.
    mutating func rosctr(_ name: UnsafeRawBufferPointer) {
        precondition(next == .rosctr, "rosctr after other S7 columns")
        encoder.pointee.plainString(name)
        next = .parameter
    }

    mutating func rosctr(_ name: StaticString) {
        name.withUTF8Buffer { rosctr(UnsafeRawBufferPointer($0)) }
    }

    /// Adds a `parameter` element, whose text `body` appends.
    @inline(__always)
    mutating func parameter(_ body: (inout RowBytes) -> Void) {
        element(of: .parameter, body)
    }

    /// Adds a `parameter` element: `prefix` and the text `body` appends (`type=Read Variable`).
    @inline(__always)
    mutating func parameter(_ prefix: StaticString, _ body: (inout RowBytes) -> Void) {
        element(of: .parameter) { text in
            LogText.append(prefix, to: &text)
            body(&text)
        }
    }

    @inline(__always)
    mutating func itemCount(_ count: UInt64) {
        advance(to: .itemCount)
        encoder.pointee.count(count)
        next = .dataInfo
    }

    /// Adds a `data_info` element, whose text `body` appends.
    @inline(__always)
    mutating func dataInfo(_ body: (inout RowBytes) -> Void) {
        element(of: .dataInfo, body)
    }

    /// Writes the columns not yet written.
    fileprivate mutating func finish() { advance(to: .end) }

    @inline(__always)
    private mutating func element(of column: Column, _ body: (inout RowBytes) -> Void) {
        advance(to: column)
        if !isVectorOpen {
            encoder.pointee.beginTextVector()
            isVectorOpen = true
        }
        encoder.pointee.textElement(body)
    }

    /// Closes the columns before `column`: an open vector ends, a vector never
    /// opened is written empty and a missing item count unset.
    @inline(__always)
    private mutating func advance(to column: Column) {
        while next < column { closeNext() }
    }

    private mutating func closeNext() {
        switch next {
        case .rosctr:
            preconditionFailure("S7 columns before rosctr")
        case .parameter, .dataInfo:
            if !isVectorOpen { encoder.pointee.beginTextVector() }
            encoder.pointee.endTextVector()
            isVectorOpen = false
            next = next == .parameter ? .itemCount : .end
        case .itemCount:
            encoder.pointee.unset()
            next = .dataInfo
        case .end:
            break
        }
    }
}

extension RowEncoder {
    /// Lets `decode` write an S7 PDU's columns into this row, then writes the
    /// ones it left out. When `decode` throws, the row is left half written
    /// for the caller to abandon.
    mutating func withS7Columns<Failure: Error>(
        names: S7NameTables, processValues: ProcessValues, _ decode: (inout S7RowColumns) throws(Failure) -> Void
    ) throws(Failure) {
        try withUnsafeMutablePointer(to: &self) { (encoder) throws(Failure) in
            var columns = S7RowColumns(encoder: encoder, names: names, processValues: processValues)
            try decode(&columns)
            columns.finish()
        }
    }
}
