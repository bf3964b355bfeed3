/// The lines around a file's rows, fixed once from the schema, the format and
/// the time the native header prints; the native trailer also prints the
/// closing time, which a log written while the slice is read learns last.
struct LogFraming {
    let header: [UInt8]
    /// The trailer without the closing time; the native one takes it.
    private let trailer: [UInt8]
    private let trailerPrintsTime: Bool
    /// The native layout describes itself even when empty; the osect layout ships
    /// an empty file as 0 bytes (LOGS.md §2.2), and JSON has no framing at all.
    let framesEmptyFile: Bool

    init(schema: LogSchema, format: LogFormat, opened: Timestamp) {
        trailerPrintsTime = format == .zeekTSV
        switch format {
        case .zeekTSV:
            header = Self.nativeHeader(schema, opened: opened)
            trailer = Array("#close\t".utf8)
            framesEmptyFile = true
        case .json:
            header = []
            trailer = []
            framesEmptyFile = false
        case .osect:
            switch schema.osectFraming {
            case .z8:
                header = Array(repeating: [0x23, 0x0A], count: 8).flatMap { $0 }
                trailer = Array("#close\n".utf8)
            case .z1:
                header = [0x23, 0x0A]
                trailer = []
            case .y(let line):
                header = Array((line + "\n").utf8)
                trailer = []
            case .r:
                header = []
                trailer = []
            }
            framesEmptyFile = false
        }
    }

    func trailer(closed: Timestamp) -> [UInt8] {
        guard trailerPrintsTime else { return trailer }
        var bytes = trailer
        ZeekLogDate.append(closed, to: &bytes)
        bytes.append(0x0A)
        return bytes
    }

    /// LOGS.md §3.1, byte for byte. `#open`/`#close` print packet times instead of
    /// the wall clock so that the same capture always gives the same file.
    private static func nativeHeader(_ schema: LogSchema, opened: Timestamp) -> [UInt8] {
        var text = "#separator \\x09\n"
        text += "#set_separator\t,\n"
        text += "#empty_field\t(empty)\n"
        text += "#unset_field\t-\n"
        text += "#path\t\(schema.path)\n"
        var bytes = Array(text.utf8)
        LogText.append("#open\t", to: &bytes)
        ZeekLogDate.append(opened, to: &bytes)
        bytes.append(0x0A)
        let fields = "#fields\t" + schema.fields.map(\.name).joined(separator: "\t") + "\n"
        let types = "#types\t" + schema.fields.map(\.type.name).joined(separator: "\t") + "\n"
        bytes.append(contentsOf: fields.utf8)
        bytes.append(contentsOf: types.utf8)
        return bytes
    }
}
