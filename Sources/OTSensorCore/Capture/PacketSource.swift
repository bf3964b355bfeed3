/// Where packets come from: libpcap for every file it reads, or otsensor's own
/// pcapng block reader for the one case libpcap refuses (interfaces of
/// different link types in one pcapng file).
public protocol PacketSource: AnyObject {
    /// The first interface's link type (what the manifest reports).
    var linkType: Int32 { get }
    /// Reads the next packet: its time, wire length, link type and bytes (valid
    /// only during the call).
    func next(_ body: (Timestamp, Int, Int32, UnsafeRawBufferPointer) -> Void) -> CaptureReadResult
}

public enum PacketSources {
    /// Opens `path` with libpcap, unless it is a pcapng file whose interfaces
    /// have more than one link type.
    public static func open(path: String) throws -> PacketSource {
        if let types = PcapngBlockReader.interfaceLinkTypes(path: path), Set(types).count > 1 {
            return try PcapngBlockReader(path: path)
        }
        return try PcapFileReader(path: path)
    }
}
