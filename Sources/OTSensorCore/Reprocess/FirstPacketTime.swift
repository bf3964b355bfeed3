import CPcap
import Foundation

/// The time of a capture's first packet, read from its head alone, to put an
/// archive's slices in time order without reading them through.
enum FirstPacketTime {
    /// Head sizes tried in turn: the first packet almost always fits the first
    /// (a pcapng header block with long comments, or a jumbo frame, needs more).
    static let headSizes = [64 << 10, 1 << 20]

    /// nil when the file has no packet, is not a capture, or cannot be read.
    static func of(_ path: String) -> Timestamp? {
        let compressed = ZstdFileReader.isCompressed(path)
        for size in headSizes {
            guard let head = head(of: path, bytes: size, compressed: compressed) else { return nil }
            if let time = firstPacket(in: head) { return time }
            if head.count < size { return nil }  // the whole file was there
        }
        return nil
    }

    /// Up to `bytes` bytes of the (decompressed) file; what there is when it ends early.
    private static func head(of path: String, bytes: Int, compressed: Bool) -> [UInt8]? {
        var head = [UInt8](repeating: 0, count: bytes)
        var filled = 0
        if compressed {
            guard let reader = try? ZstdFileReader(path: path) else { return nil }
            while filled < bytes {
                let got = (try? head.withUnsafeMutableBytes { try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }) ?? 0
                if got == 0 { break }
                filled += got
            }
        } else {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            while filled < bytes {
                let got = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, bytes - filled) }
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { break }
                filled += got
            }
        }
        return Array(head[..<filled])
    }

    /// libpcap reads the head from memory, so that pcap's byte orders and
    /// precisions and pcapng's per-interface resolutions are its business.
    private static func firstPacket(in head: [UInt8]) -> Timestamp? {
        guard !head.isEmpty else { return nil }
        var bytes = head
        return bytes.withUnsafeMutableBytes { buffer -> Timestamp? in
            guard let file = fmemopen(buffer.baseAddress, buffer.count, "rb") else { return nil }
            var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
            guard let handle = pcap_fopen_offline_with_tstamp_precision(file, UInt32(PCAP_TSTAMP_PRECISION_NANO),
                                                                         &errorBuffer) else {
                fclose(file)
                return nil
            }
            defer { pcap_close(handle) }  // closes the file too
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            guard pcap_next_ex(handle, &header, &data) == 1, let header else { return nil }
            return Timestamp.captured(seconds: header.pointee.ts.tv_sec, nanoseconds: Int64(header.pointee.ts.tv_usec))
        }
    }
}
