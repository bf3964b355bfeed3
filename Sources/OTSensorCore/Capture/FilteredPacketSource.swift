import CPcap

/// Why a `--filter` expression cannot be used.
public struct CaptureFilterError: Error, CustomStringConvertible, Equatable {
    public let filter: String
    public let linkType: Int32
    public let reason: String

    public var description: String {
        "--filter '\(filter)' is not a valid capture filter for link type \(LinkTypeName.of(linkType)): \(reason)"
    }
}

/// Passes on only the packets a BPF filter (tcpdump's syntax) accepts, as
/// `tcpdump -r FILE FILTER` does. libpcap compiles the expression once per
/// link type (a filter's byte offsets depend on the link header), so a
/// pcapng file with several link types is filtered per interface.
final class FilteredPacketSource: PacketSource {
    private let source: PacketSource
    private let filter: String
    /// nil for a link type the expression does not compile for.
    private var programs: [Int32: Program?] = [:]
    /// Packets the filter rejected, for the manifest.
    private(set) var rejected = 0

    var linkType: Int32 { source.linkType }
    var linkTypes: [Int32] { source.linkTypes }

    /// A compiled filter, freed with its owner.
    private final class Program {
        var bpf = bpf_program()
        let isUsable: Bool

        init(filter: String, linkType: Int32) throws(CaptureFilterError) {
            guard let dead = pcap_open_dead(linkType, 262_144) else {
                throw CaptureFilterError(filter: filter, linkType: linkType, reason: "libpcap cannot open a handle")
            }
            defer { pcap_close(dead) }
            guard pcap_compile(dead, &bpf, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                isUsable = false
                throw CaptureFilterError(filter: filter, linkType: linkType, reason: String(cString: pcap_geterr(dead)))
            }
            isUsable = true
        }

        deinit { if isUsable { pcap_freecode(&bpf) } }
    }

    /// Compiles `filter` for every link type the source announces, so a bad
    /// expression is refused before anything is read.
    init(source: PacketSource, filter: String) throws(CaptureFilterError) {
        self.source = source
        self.filter = filter
        for type in source.linkTypes {
            programs[type] = .some(try Program(filter: filter, linkType: type))
        }
    }

    func next(_ body: (Timestamp, Int, Int32, UnsafeRawBufferPointer) -> Void) -> CaptureReadResult {
        while true {
            var accepted = false
            let result = source.next { time, length, linkType, bytes in
                guard let program = program(for: linkType) else { return }
                var header = pcap_pkthdr()
                header.caplen = UInt32(bytes.count)
                header.len = UInt32(clamping: length)
                // An empty packet has nothing a filter could load: BPF rejects it too.
                guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                      pcap_offline_filter(&program.bpf, &header, base) != 0 else { return }
                accepted = true
                body(time, length, linkType, bytes)
            }
            guard result == .packet, !accepted else { return result }
            rejected += 1
        }
    }

    /// A link type met only inside the file (a late pcapng interface) whose
    /// filter does not compile matches nothing.
    private func program(for linkType: Int32) -> Program? {
        if let known = programs[linkType] { return known }
        let program = try? Program(filter: filter, linkType: linkType)
        programs[linkType] = .some(program)
        return program
    }
}

/// libpcap's names of link types (`EN10MB`, `LINUX_SLL2`), for messages and the manifest.
public enum LinkTypeName {
    public static func of(_ linkType: Int32) -> String {
        guard let name = pcap_datalink_val_to_name(linkType) else { return "DLT \(linkType)" }
        return String(cString: name)
    }
}
