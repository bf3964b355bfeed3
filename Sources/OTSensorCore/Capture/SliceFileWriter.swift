import CPcap
import Foundation

/// One slice's file: a pcap dumper on `<id>.pcap.part`, fed from the shared handle.
final class SliceFileWriter {
    private let handle: OpaquePointer
    private let dumper: OpaquePointer
    private let part: URL
    private let final: URL
    private let sidecar: URL
    private let descriptor: Int32
    private(set) var written = 0

    init(handle: OpaquePointer, layout: SpoolLayout, sliceID: String) throws {
        self.handle = handle
        final = layout.incoming.appendingPathComponent("\(sliceID).pcap")
        part = layout.incoming.appendingPathComponent("\(sliceID).pcap.part")
        sidecar = layout.incoming.appendingPathComponent("\(sliceID).capture.json")
        let file: UnsafeMutablePointer<FILE>
        do {
            let descriptor = try FileModes.openForWriting(part.path, mode: FileModes.data)
            guard let opened = fdopen(descriptor, "wb") else {
                close(descriptor)
                throw LiveCaptureError.libpcap("\(part.path): \(String(cString: strerror(errno)))")
            }
            file = opened
        } catch let error as FileModeError {
            throw LiveCaptureError.libpcap(error.description)
        }
        guard let dumper = pcap_dump_fopen(handle, file) else {
            fclose(file)
            throw LiveCaptureError.libpcap("\(part.path): \(String(cString: pcap_geterr(handle)))")
        }
        self.dumper = dumper
        descriptor = pcap_get_selectable_fd(handle)
    }

    /// Waits up to `waitMilliseconds` for packets, then writes what is ready: at most a
    /// bounded number of kernel blocks, so sustained traffic cannot delay a rotation.
    func readAvailable(waitMilliseconds: Int32) throws {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        if waitMilliseconds > 0 && descriptor >= 0 { _ = poll(&poller, 1, waitMilliseconds) }
        let user = UnsafeMutablePointer<UInt8>(dumper)
        for _ in 0..<64 {
            let count = pcap_dispatch(handle, -1, { user, header, bytes in pcap_dump(user, header, bytes) }, user)
            if count < 0 { throw LiveCaptureError.libpcap(String(cString: pcap_geterr(handle))) }
            written += Int(count)
            if count == 0 { break }
        }
    }

    /// Closes the file, writes the sidecar, then renames the capture into place.
    func complete(with stats: CaptureStatistics) throws {
        pcap_dump_flush(dumper)
        fsync(fileno(pcap_dump_file(dumper)))
        pcap_dump_close(dumper)
        try AtomicRename.write(try stats.encoded(), to: sidecar)
        // Read back from the page cache the file was just written into.
        try DigestSidecar.write(for: part, named: final.lastPathComponent)
        try AtomicRename.move(part, to: final)
    }
}
