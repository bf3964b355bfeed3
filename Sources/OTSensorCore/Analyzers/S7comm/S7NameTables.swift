/// The names of `S7Names`' byte-valued tables rendered once for all 256
/// values: a decoder appends a name as bytes already in memory, instead of
/// going through a `String` for every name of every PDU (about five per PDU).
enum S7NameTables {
    static let rosctr = ByteNameTable(S7Names.rosctr)
    static let function = ByteNameTable(S7Names.function)
    static let errorClass = ByteNameTable(S7Names.errorClass)
    static let returnCode = ByteNameTable(S7Names.returnCode)
    static let area = ByteNameTable(S7Names.area)
    static let itemTransportSize = ByteNameTable(S7Names.itemTransportSize)
    static let dataTransportSize = ByteNameTable(S7Names.dataTransportSize)
    static let vartabArea = ByteNameTable(S7Names.vartabArea)
    static let userDataMode = ByteNameTable(S7Names.userDataMode)
    static let userDataGroup = ByteNameTable(S7Names.userDataGroup)
}

/// One name per byte value, as UTF-8 back to back.
struct ByteNameTable: Sendable {
    private let text: [UInt8]
    /// `ends[v]` is where value v's name ends in `text`; it starts where v − 1's ends.
    private let ends: [Int]

    init(_ name: (UInt8) -> String) {
        var text: [UInt8] = [], ends: [Int] = []
        for value in UInt8.min...UInt8.max {
            text.append(contentsOf: name(value).utf8)
            ends.append(text.count)
        }
        self.text = text
        self.ends = ends
    }

    func append(_ value: UInt8, to out: inout some ByteSink) {
        withName(value) { out.append(bytes: $0) }
    }

    func withName<Result>(_ value: UInt8, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let end = ends[Int(value)], start = value == 0 ? 0 : ends[Int(value) - 1]
        return text.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }
}
