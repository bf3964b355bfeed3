/// One capture file of an archive that `otsensor reprocess` walks.
public struct ArchivedSlice: Sendable, Equatable {
    /// The suffixes that make a file a slice, each optionally followed by `.zst`.
    static let captureSuffixes = [".pcap", ".pcapng", ".cap"]
    static let compressedSuffix = ".zst"

    /// The path below the archive's root, `/`-separated: `plant-a/20261123T104100Z-plant-a.pcap.zst`.
    public let relativePath: String
    /// The path the slice is read from, and the one its manifest records.
    public let path: String
    /// Bytes on disk (compressed, for a `.zst`).
    public let size: Int
    /// The first packet's time; nil when none could be read (no packets, not a capture, unreadable).
    public var firstPacket: Timestamp?
    /// Why the slice is not processed at all, reported as its failure.
    public var refusal: String?

    public init(relativePath: String, path: String, size: Int, firstPacket: Timestamp? = nil) {
        self.relativePath = relativePath
        self.path = path
        self.size = size
        self.firstPacket = firstPacket
    }

    /// The output directory below the destination: the relative path without its capture
    /// suffixes, so that `captures/20261123T104100Z-a.pcap.zst` gives `captures/20261123T104100Z-a/`,
    /// as `otsensor run` names `logs/<id>/` after `incoming/<id>.pcap`.
    public var outputRelativePath: String {
        var name = Substring(relativePath)
        if Self.hasSuffix(name, Self.compressedSuffix) { name = name.dropLast(Self.compressedSuffix.count) }
        if let suffix = Self.captureSuffixes.first(where: { Self.hasSuffix(name, $0) }) { name = name.dropLast(suffix.count) }
        return String(name)
    }

    /// Whether a file of this name is a slice: `*.pcap`, `*.pcapng` or `*.cap`, or one of these
    /// with `.zst` (case aside), and something before the suffix.
    static func isSliceName(_ name: String) -> Bool {
        var rest = Substring(name)
        if hasSuffix(rest, compressedSuffix) { rest = rest.dropLast(compressedSuffix.count) }
        return captureSuffixes.contains { hasSuffix(rest, $0) && rest.count > $0.count }
    }

    private static func hasSuffix(_ name: Substring, _ suffix: String) -> Bool {
        name.lowercased().hasSuffix(suffix)
    }
}
