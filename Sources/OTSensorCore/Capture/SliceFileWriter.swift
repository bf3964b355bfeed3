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
    private var isOpen = true
    /// errno of the first write that failed; packets after it are not written.
    private var failure: Int32 = 0

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

    /// A slice given up (its file could not be written) still releases its file.
    deinit {
        if isOpen { pcap_dump_close(dumper) }
    }

    /// Waits up to `waitMilliseconds` for packets, then writes what is ready: at most a
    /// bounded number of kernel blocks, so sustained traffic cannot delay a rotation.
    func readAvailable(waitMilliseconds: Int32) throws {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        if waitMilliseconds > 0 && descriptor >= 0 { _ = poll(&poller, 1, waitMilliseconds) }
        // libpcap hands each packet to a C function: `self` travels as its user pointer, and is
        // borrowed without a retain and release per packet (it outlives the dispatch).
        let user = Unmanaged.passUnretained(self).toOpaque().assumingMemoryBound(to: UInt8.self)
        for _ in 0..<64 {
            let count = pcap_dispatch(handle, -1, { user, header, bytes in
                Unmanaged<SliceFileWriter>.fromOpaque(UnsafeRawPointer(user!))._withUnsafeGuaranteedRef { $0.dump(header!, bytes!) }
            }, user)
            if count < 0 { throw LiveCaptureError.libpcap(String(cString: pcap_geterr(handle))) }
            written += Int(count)
            if count == 0 { break }
        }
        try checkWrites()
    }

    /// pcap_dump writes through stdio and reports nothing, and stdio drops what it could
    /// not write: without this check a full disk would lose every packet until the slice
    /// ends, unnoticed, and tear the file in the middle if space came back. errno is read
    /// at once, before libpcap's next read replaces it.
    private func dump(_ header: UnsafePointer<pcap_pkthdr>, _ bytes: UnsafePointer<UInt8>) {
        guard failure == 0 else { return }
        pcap_dump(UnsafeMutablePointer<UInt8>(dumper), header, bytes)
        if ferror_unlocked(pcap_dump_file(dumper)) != 0 { failure = errno }
    }

    /// The file is given up at its first failed write; it stays `.part`, and the next
    /// start hands its complete packets on to run.
    private func checkWrites() throws {
        guard failure != 0 else { return }
        throw SpoolError.notWritable(part.path, reason: String(cString: strerror(failure)))
    }

    /// Closes the file, writes the sidecar, then renames the capture into place.
    func complete(with stats: CaptureStatistics) throws {
        try checkWrites()
        guard pcap_dump_flush(dumper) == 0, fsync(fileno(pcap_dump_file(dumper))) == 0 else {
            throw SpoolError.notWritable(part.path, reason: String(cString: strerror(errno)))
        }
        isOpen = false
        pcap_dump_close(dumper)
        try AtomicRename.write(try stats.encoded(), to: sidecar)
        // Read back from the page cache the file was just written into.
        try DigestSidecar.write(for: part, named: final.lastPathComponent)
        try AtomicRename.move(part, to: final)
    }
}
