import CPcap
import Foundation
import Logging

/// What `otsensor capture` listens to and how it cuts files.
public struct LiveCaptureSettings: Sendable {
    public var interface: String
    public var label: String
    public var rotation: RotationSchedule
    public var snaplen: Int32
    public var filter: String?
    /// Kernel buffer for packets not yet read: bigger means fewer drops in bursts.
    public var bufferBytes: Int32 = 32 << 20

    public init(interface: String, label: String, rotateSeconds: Int = 60, snaplen: Int32 = 262_144, filter: String? = nil) {
        self.interface = interface
        self.label = label
        self.rotation = RotationSchedule(seconds: rotateSeconds)
        self.snaplen = snaplen
        self.filter = filter
    }
}

public enum LiveCaptureError: Error, CustomStringConvertible, Equatable {
    case libpcap(String)

    public var description: String {
        switch self { case .libpcap(let message): "capture: \(message)" }
    }
}

/// Captures from an interface with libpcap into incoming/: one file per rotation slot,
/// written as `<id>.pcap.part` and renamed to `<id>.pcap` (after its capture.json
/// sidecar) once closed, so `run` only ever sees complete files. A stop request closes
/// the current file the same way. `.part` files a crash left behind are renamed at
/// start: their complete packets are kept (process-slice reports the torn end).
public final class LiveCapture {
    public let settings: LiveCaptureSettings
    public let layout: SpoolLayout
    private let logger: Logger
    private let handle: OpaquePointer

    public init(settings: LiveCaptureSettings, layout: SpoolLayout, logger: Logger) throws {
        self.settings = settings
        self.layout = layout
        self.logger = logger
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let handle = pcap_create(settings.interface, &errorBuffer) else {
            throw LiveCaptureError.libpcap(Self.text(errorBuffer))
        }
        self.handle = handle
        pcap_set_snaplen(handle, settings.snaplen)
        pcap_set_promisc(handle, 1)
        pcap_set_timeout(handle, 100)
        pcap_set_buffer_size(handle, settings.bufferBytes)
        let status = pcap_activate(handle)
        if status < 0 {
            let message = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw LiveCaptureError.libpcap("\(settings.interface): \(message.isEmpty ? String(cString: pcap_statustostr(status)) : message)")
        }
        do {
            try applyFilter()
            guard pcap_setnonblock(handle, 1, &errorBuffer) == 0 else { throw LiveCaptureError.libpcap(Self.text(errorBuffer)) }
        } catch {
            pcap_close(handle)
            throw error
        }
    }

    deinit { pcap_close(handle) }

    /// libpcap's error buffer up to its terminating NUL.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func applyFilter() throws {
        guard let filter = settings.filter, !filter.isEmpty else { return }
        var program = bpf_program()
        guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw LiveCaptureError.libpcap("filter '\(filter)': \(String(cString: pcap_geterr(handle)))")
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            throw LiveCaptureError.libpcap("filter '\(filter)': \(String(cString: pcap_geterr(handle)))")
        }
    }

    /// Captures until `stop` is requested; returns the slice ids it completed.
    @discardableResult
    public func run(until stop: StopRequest, now: () -> Date = Date.init) throws -> [String] {
        try layout.create()
        try recoverPartialFiles()
        var completed: [String] = []
        // libpcap counts from the handle's activation, and every packet received since then is
        // read into the first slice: a baseline taken here would leave out of `received` the
        // packets that arrived before it but are written after it.
        var baseline = pcap_stat()
        while !stop.isRequested {
            let slotStart = settings.rotation.slotStart(containing: now())
            let slotEnd = settings.rotation.slotEnd(containing: slotStart)
            let id = unusedSliceID(SliceID(start: slotStart, label: settings.label).description)
            let writer = try SliceFileWriter(handle: handle, layout: layout, sliceID: id)
            var current = now()
            // A wall clock set back (by NTP or by hand) ends the slot too:
            // waiting for its end would make one file span the jump.
            while !stop.isRequested && current >= slotStart && current < slotEnd {
                try writer.readAvailable(waitMilliseconds: 100)
                current = now()
            }
            if current < slotStart {
                logger.warning("capture: the wall clock went back from \(slotStart) to \(current); slice \(id) ends early")
            }
            try writer.readAvailable(waitMilliseconds: 0)
            let counts = try statistics()
            let stats = CaptureStatistics(
                interface: settings.interface, slice: id, start: slotStart, end: max(slotStart, min(current, slotEnd)),
                written: writer.written,
                received: UInt64(counts.ps_recv &- baseline.ps_recv), dropped: UInt64(counts.ps_drop &- baseline.ps_drop),
                interfaceDropped: UInt64(counts.ps_ifdrop &- baseline.ps_ifdrop))
            baseline = counts
            try writer.complete(with: stats)
            if stats.dropped > 0 || stats.interfaceDropped > 0 {
                logger.warning("capture: slice \(id) dropped \(stats.dropped) packets (interface: \(stats.interfaceDropped))")
            }
            logger.info("capture: slice \(id) complete, \(stats.written) packets")
            completed.append(id)
        }
        return completed
    }

    /// A capture restarted within a slot must not overwrite that slot's earlier file.
    private func unusedSliceID(_ id: String) -> String {
        func taken(_ candidate: String) -> Bool {
            [layout.incoming.appendingPathComponent("\(candidate).pcap"), layout.logDirectory(for: candidate),
             layout.archive(for: candidate)].contains { FileManager.default.fileExists(atPath: $0.path) }
        }
        var candidate = id, restart = 1
        while taken(candidate) {
            restart += 1
            candidate = "\(id)-r\(restart)"
        }
        return candidate
    }

    private func statistics() throws -> pcap_stat {
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { throw LiveCaptureError.libpcap(String(cString: pcap_geterr(handle))) }
        return stats
    }

    private func recoverPartialFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: layout.incoming.path)
        for name in names where name.hasSuffix(".pcap.part") {
            let part = layout.incoming.appendingPathComponent(name)
            try AtomicRename.move(part, to: part.deletingPathExtension())
            logger.warning("capture: recovered \(name) left by an interrupted capture; its last packet may be torn")
        }
    }
}
