/// The names of `S7Names`' byte-valued tables rendered once for all 256
/// values: a decoder appends a name as bytes already in memory, instead of
/// going through a `String` for every name of every PDU (about five per PDU).
///
/// A value, not a global the decoders reach for: the S7 analyzer keeps a copy
/// and hands it to each PDU's columns, so looking a name up is two loads and
/// a copy, with no lazy-global check and no reference counted.
struct S7NameTables: Sendable {
    static let shared = S7NameTables()

    let rosctr = ByteNameTable(S7Names.rosctr)
    let function = ByteNameTable(S7Names.function)
    let errorClass = ByteNameTable(S7Names.errorClass)
    let returnCode = ByteNameTable(S7Names.returnCode)
    let area = ByteNameTable(S7Names.area)
    let itemTransportSize = ByteNameTable(S7Names.itemTransportSize)
    let dataTransportSize = ByteNameTable(S7Names.dataTransportSize)
    let vartabArea = ByteNameTable(S7Names.vartabArea)
    let userDataMode = ByteNameTable(S7Names.userDataMode)
    let userDataGroup = ByteNameTable(S7Names.userDataGroup)

    private init() {}
}

/// One name per byte value, as UTF-8 back to back, in memory allocated once
/// and never freed: the tables are built once per process (`S7NameTables.shared`),
/// and plain pointers make the table a trivial value that costs nothing to copy.
struct ByteNameTable: @unchecked Sendable {
    private let text: UnsafeRawPointer
    /// `starts[v]..<starts[v + 1]` is value v's name in `text`.
    private let starts: UnsafePointer<Int32>

    init(_ name: (UInt8) -> String) {
        var text: [UInt8] = [], starts: [Int32] = [0]
        for value in UInt8.min...UInt8.max {
            text.append(contentsOf: name(value).utf8)
            starts.append(Int32(text.count))
        }
        let textCopy = UnsafeMutableRawPointer.allocate(byteCount: text.count, alignment: 1)
        textCopy.copyMemory(from: text, byteCount: text.count)
        let startsCopy = UnsafeMutablePointer<Int32>.allocate(capacity: starts.count)
        startsCopy.initialize(from: starts, count: starts.count)
        self.text = UnsafeRawPointer(textCopy)
        self.starts = UnsafePointer(startsCopy)
    }

    @inline(__always)
    func append(_ value: UInt8, to out: inout some ByteSink) {
        out.append(bytes: name(value))
    }

    @inline(__always)
    func name(_ value: UInt8) -> UnsafeRawBufferPointer {
        let start = Int(starts[Int(value)]), end = Int(starts[Int(value) + 1])
        return UnsafeRawBufferPointer(start: text + start, count: end - start)
    }
}
