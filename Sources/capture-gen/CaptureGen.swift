import ArgumentParser
import CaptureGenerator
import Foundation

@main
struct CaptureGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture-gen",
        abstract: "Writes synthetic packet captures for otsensor's demo and benchmarks.",
        discussion: """
        Every capture is generated from code, not recorded, so its contents are known \
        exactly and the same on every run: the demo sample can be checked by hand against \
        the conn.log it should produce, and a benchmark capture with a given seed is \
        byte-for-byte reproducible on any machine.

        Examples:
          capture-gen sample --out sample.pcap
          capture-gen bench --out bench.pcap --size-mb 500
          capture-gen bench --out bench.pcapng --size-mb 50 --flows 10000 --seed 7 --format pcapng
          capture-gen ot-bench --out ot.pcap --size-mb 200
          capture-gen bench-slices --out archive --count 200 --size-kb 64
          capture-gen http --out http.pcap
        """,
        subcommands: [Sample.self, Bench.self, OTBench.self, BenchSlices.self, HTTPSample.self]
    )
}

enum FileFormat: String, ExpressibleByArgument, CaseIterable {
    case pcap, pcapng

    var captureFormat: CaptureFileFormat {
        self == .pcap ? .pcap() : .pcapng()
    }
}

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes the small demo capture (a few KB, always identical).",
        discussion: """
        All on Ethernet, private addresses, starting at 2023-11-14 22:13:20 UTC:
          - HTTP GET/200 from 192.168.1.10 to 192.168.1.20:80, normal FIN close   (Zeek state SF)
          - SYN to 192.168.1.20:23 answered by RST                                (REJ)
          - SYN to 10.0.0.99:502 with no answer                                   (S0)
          - DNS A query/answer with 192.168.1.1:53 over UDP
          - ICMP echo request/reply with 192.168.1.1
          - Modbus/TCP read on VLAN 100 between 10.10.100.5 and 10.10.100.20:502
          - HTTP over IPv6 between fd00::10 and fd00::20:80
          - a 2000-byte UDP syslog datagram to 192.168.1.30:514 in two IPv4 fragments
        """
    )

    @Option(name: .long, help: "Where to write the capture.")
    var out: String

    @Option(name: .long, help: "File format: pcap (classic, microseconds) or pcapng.")
    var format: FileFormat = .pcap

    func run() throws {
        let capture = SampleCapture.make()
        try capture.write(to: out, format: format.captureFormat)
        print("wrote \(out): \(capture.packets.count) packets")
    }
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes a large, realistic, reproducible capture for benchmarks.",
        discussion: """
        Keeps --flows flows open at once and interleaves their packets: TCP connections \
        (handshake, request/response rounds with 60-1514 byte frames and delayed ACKs, \
        closed by FIN or RST), DNS queries, one-way UDP streams, a few pings; 10% IPv6, \
        10% VLAN-tagged. Packets stream to disk, so memory stays small at any size. \
        Build with `-c release` for speed: 500 MB takes seconds.
        """
    )

    @Option(name: .long, help: "Where to write the capture.")
    var out: String

    @Option(name: .customLong("size-mb"), help: "Stop once the file reaches this many MiB.")
    var sizeMB: Int

    @Option(name: .long, help: "Flows open at the same time.")
    var flows: Int = 4_000

    @Option(name: .long, help: "Seed of the generator: same seed, same bytes.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "File format: pcap (classic, microseconds) or pcapng.")
    var format: FileFormat = .pcap

    func validate() throws {
        guard sizeMB > 0 else { throw ValidationError("--size-mb must be positive") }
        guard flows > 0 else { throw ValidationError("--flows must be positive") }
    }

    func run() throws {
        let started = Date()
        let writer = try format.captureFormat.makeWriter(output: OutputBuffer(path: out))
        let summary = try BenchmarkCapture(targetFileBytes: sizeMB << 20, concurrentFlows: flows, seed: seed).write(to: writer)
        try writer.close()
        let seconds = Date().timeIntervalSince(started)
        print("wrote \(out): \(summary.packets) packets, \(writer.bytesWritten) bytes, \(summary.flows) flows in \(String(format: "%.1f", seconds)) s")
    }
}

struct OTBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ot-bench",
        abstract: "Writes a large OT-heavy capture: S7 polling sessions and CC-Link cyclic traffic.",
        discussion: """
        Up to 64 HMI stations at a time poll S7 PLCs on port 102 (COTP connect, Setup \
        Communication, --polls rounds of Read/Write Variable and Read SZL, disconnect), \
        interleaved with a CC-Link IE Field Basic master and 8 slaves and a CC-Link IE \
        Field master and 4 stations cycling every 10 ms. The size is approximate.
        """
    )

    @Option(name: .long, help: "Where to write the capture.")
    var out: String

    @Option(name: .customLong("size-mb"), help: "About this many MiB.")
    var sizeMB: Int

    @Option(name: .long, help: "Poll rounds per S7 session.")
    var polls: Int = 200

    @Option(name: .long, help: "Seed of the generator: same seed, same bytes.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "File format: pcap (classic, microseconds) or pcapng.")
    var format: FileFormat = .pcap

    func validate() throws {
        guard sizeMB > 0 else { throw ValidationError("--size-mb must be positive") }
        guard polls > 0 else { throw ValidationError("--polls must be positive") }
    }

    func run() throws {
        let writer = try format.captureFormat.makeWriter(output: OutputBuffer(path: out))
        let summary = try OTBenchmarkCapture(targetFileBytes: sizeMB << 20, seed: seed, pollsPerSession: polls)
            .write(to: writer)
        try writer.close()
        print("wrote \(out): \(summary.packets) packets, \(writer.bytesWritten) bytes, \(summary.s7Sessions) S7 sessions, \(summary.s7PDUs) S7 PDUs, \(summary.ccLinkFrames) CC-Link frames")
    }
}
