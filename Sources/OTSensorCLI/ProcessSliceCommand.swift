import ArgumentParser
import Foundation
import OTSensorCore
import OTSensorSignatures

/// `process-slice CAPTURE... --out DIR`: captures in, one finished log directory out.
public struct ProcessSliceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "process-slice",
        abstract: "Turn a pcap or pcapng capture into Zeek-style logs and a manifest.",
        discussion: """
            Reads CAPTURE (several are merged by packet time into one stream, as `zeek -r` \
            and mergecap do) with libpcap (classic pcap with micro- or nanosecond timestamps, or \
            pcapng, either one compressed with zstd or not; Ethernet with 802.1Q/QinQ, MPLS, PPPoE, PBB or LLC/SNAP, Linux cooked v1/v2, \
            raw IP, BSD loopback, PPP, FDDI, 802.11 and NFLOG links) and writes into DIR:
              conn.log                 every connection (Zeek's Conn::Info)
              yaf_flow.log             flows of IP protocols other than TCP/UDP/ICMP (YAF)
              arp.log, ns.log          ARP and IPv6 neighbour discovery, per distinct tuple
              p0f-k.log                p0f signature and OS label of every SYN and SYN+ACK
              dhcp2.log, dhcpv6.log    DHCP clients: hostname, options, vendor class
              netbios-ns.log           NetBIOS name registrations
              mswin-browser.log        Windows browser announcements
              ssdp.log                 SSDP/UPnP senders and their SERVER or USER-AGENT
              cclink-ief-basic.log     CC-Link IE Field Basic (UDP 61450)
              cclink-ie.log            CC-Link IE Field/Control frames (EtherType 0x890F)
              cclink-ie-tsn.log        CC-Link IE TSN frames
              s7comm.log, iso_cotp.log Siemens S7 over ISO-on-TCP (port 102), every PDU
              eve.json                 Suricata alerts of the --rules (empty without rules)
              conn_long.log            with --state: every connection still open at the end, with
                                       its totals so far (it continues in the next slice)
              manifest.json            schema version; each input's digest (from CAPTURE.sha256
                                       when otsensor capture wrote one, else computed) and link
                                       type; the options used; packet counts; each file's sha256;
                                       malformed records skipped; warnings (written last;
                                       docs/manifest.schema.json describes it)
            Every file exists in every output, even when it has no rows.

            The output is written to DIR.tmp-<pid> and renamed to DIR only when complete, so \
            a crash or kill never leaves a half-written DIR; Ctrl-C, SIGTERM and SIGHUP remove \
            it, and the next run for DIR removes what a killed run left. The same capture \
            always gives byte-identical logs, whatever --threads is.

            Slices of one capture stream (one interface's minute files, in time order) can be \
            given the same --state DIR: a connection open at the end of a slice is saved there \
            and continues in the next slice with the same uid, counters and history, instead of \
            ending with the slice. conn.log then gets it once, when it ends, with its totals over \
            all slices and ts = its first packet; each slice where it is still open lists it in \
            conn_long.log. A state file that is missing, damaged, from another version, or from \
            a slice later than this one is not used: the slice is analysed without it and the \
            manifest says why. `otsensor run` keeps the state of its spool by itself.

            Examples:
              process-slice capture.pcap --out logs/20261123T104100Z
              process-slice archive.pcapng --out /tmp/review --format json --local-nets 10.1.0.0/16
              process-slice trace.pcap --out out --local-nets none      # like bare `zeek -r`
              process-slice big.pcap --out flows --conn-only            # conn.log alone, faster
              process-slice slice.pcap.zst --out logs/x                # zstd, decompressed
              ssh box cat x.pcap | process-slice - --out logs/x         # standard input
              process-slice a.pcap b.pcap --out both                    # merged by packet time
              process-slice plant.pcap --out s7 --filter 'tcp port 102' # tcpdump's filter syntax
              process-slice plc.pcap --out share --process-values redact # no PLC values in the logs
              for f in cap-*.pcap; do process-slice $f --out logs/${f%.pcap} --state state/eth0; done

            Exit status:
              0   done
              2   the input is missing, unreadable or not a capture, or the --p0f-db file has a \
            malformed line
              3   the output directory exists (without --force) or cannot be written
              4   the capture is truncated or has a corrupt record: logs were written for \
            every complete packet before it, and the manifest records the damage
              64  invalid command-line arguments, or a --filter libpcap cannot compile
            """)

    @Argument(help: ArgumentHelp("The pcap or pcapng files to read, merged by packet time; '-' is standard input (a pipe or FIFO works too).",
                                 valueName: "capture"))
    public var captures: [String]

    @Option(name: .long, help: "The output directory to create.")
    public var out: String

    @OptionGroup var slice: SliceArguments

    @Option(name: .customLong("state"),
            help: ArgumentHelp("Carry connections open at the end into the next slice given the same DIR (one DIR per capture stream; made if missing).",
                               valueName: "dir"))
    public var stateDirectory: String?

    @Flag(help: "Replace DIR if it exists (the old DIR stays until the new one is complete).")
    public var force = false

    @Flag(inversion: .prefixedNo, help: "Report progress on standard error (default: when it is a terminal).")
    public var progress: Bool?

    public init() {}

    public mutating func validate() throws {
        guard !captures.isEmpty else { throw ValidationError("name at least one capture file, or '-' for standard input") }
        guard captures.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("'-' (standard input) can be read only once") }
        guard !out.isEmpty else { throw ValidationError("--out must name the output directory to create") }
    }

    public func run() throws {
        InterruptCleanup.install()
        let showsProgress = progress ?? (isatty(STDERR_FILENO) == 1)
        var options = slice.sliceOptions(inputs: captures, output: out, force: force, showProgress: showsProgress)
        options.stateDirectory = stateDirectory
        do {
            options.signatures = try slice.ruleOptions.load(layout: slice.layout)
        } catch let error as RuleError {
            fail("--rule-vars: \(error)", status: 2)
        } catch let error as ValidationError {
            fail(error.message, status: 2)
        } catch {
            fail("--rules: \(error.localizedDescription)", status: 2)
        }
        var processor = SliceProcessor(options: options)
        let line = ProgressLine(enabled: showsProgress)
        processor.progress = { line.show($0) }
        let report: SliceReport
        do {
            report = try processor.run()
        } catch {
            line.finish(nil)
            guard let status = Self.exitStatus(of: error) else { throw error }
            fail("\(error)", status: status)
        }
        line.finish(summary(report))
        for warning in report.manifest.warnings {
            FileHandle.standardError.write(Data("process-slice: warning: \(warning)\n".utf8))
        }
        print("wrote \(report.outputPath) (\(report.manifest.counts.read) packets, \(report.manifest.files.map { "\($0.file) \($0.records) rows" }.joined(separator: ", ")))")
        if report.truncated { throw ExitCode(4) }
    }

    /// The documented exit status of each error process-slice explains in its own words.
    private static func exitStatus(of error: Error) -> Int32? {
        switch error {
        case is CaptureError, is P0fDatabaseError: 2
        case is OutputError, is LogFileError, is FileModeError: 3
        case is CaptureFilterError: 64
        default: nil
        }
    }

    /// The progress line's last words: what was read, how fast, and where it went.
    private func summary(_ report: SliceReport) -> String {
        let manifest = report.manifest
        let megabytes = Double(manifest.input.files.reduce(0) { $0 + $1.size }) / 1e6
        let rows = manifest.files.reduce(0) { $0 + $1.records }
        return String(format: "done: %d packets, %.1f MB in %.1f s; %d rows in %d logs in %@",
                      manifest.counts.read, megabytes, manifest.run.wallSeconds, rows, manifest.files.count,
                      report.outputPath)
    }

    private func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("process-slice: error: \(message)\n".utf8))
        Foundation.exit(status)
    }
}

// CaseIterable: argument-parser then lists the allowed values when one is wrong.
public enum FormatArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case tsv, json
}

public enum LayoutArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case native, osect
}

public enum ProcessValuesArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case keep, redact
}
