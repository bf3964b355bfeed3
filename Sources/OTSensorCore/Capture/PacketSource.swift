/// Where packets come from: libpcap for every file it reads, or otsensor's own
/// pcapng block reader for the one case libpcap refuses (interfaces of
/// different link types in one pcapng file).
public protocol PacketSource: AnyObject {
    /// The first interface's link type.
    var linkType: Int32 { get }
    /// Every interface's link type, in the file's order (one for classic pcap).
    var linkTypes: [Int32] { get }
    /// Reads the next packet: its time, wire length, link type and bytes (valid
    /// only during the call).
    func next(_ body: (Timestamp, Int, Int32, UnsafeRawBufferPointer) -> Void) -> CaptureReadResult
}

public enum PacketSources {
    /// Opens `path` with libpcap, unless it is a pcapng file whose interfaces
    /// have more than one link type.
    public static func open(path: String) throws -> PacketSource {
        let interfaces = PcapngBlockReader.interfaceLinkTypes(path: path)
        if let interfaces, Set(interfaces).count > 1 {
            return try PcapngBlockReader(path: path, linkTypes: interfaces)
        }
        let reader = try PcapFileReader(path: path)
        if let interfaces, !interfaces.isEmpty { reader.linkTypes = interfaces }
        return reader
    }
}

/// A slice's captures opened as one packet stream.
struct OpenedCaptures {
    let source: PacketSource
    /// Each file's link types, in the order the files were named.
    let linkTypesByFile: [[Int32]]
    private let filtered: FilteredPacketSource?

    /// Packets the filter rejected so far.
    var filteredOut: Int { filtered?.rejected ?? 0 }

    /// Opens every file in `paths` as one stream ordered by packet time (a
    /// single file is read as it is), keeping only the packets `filter`
    /// accepts when one is given. `names` are what the user called the files,
    /// for messages.
    init(paths: [String], names: [String], filter: String?) throws {
        let sources = try paths.map { try PacketSources.open(path: $0) }
        linkTypesByFile = sources.map(\.linkTypes)
        let merged = sources.count == 1 ? sources[0] : MergedPacketSource(sources: sources, names: names)
        filtered = try filter.map { try FilteredPacketSource(source: merged, filter: $0) }
        source = filtered ?? merged
    }
}
