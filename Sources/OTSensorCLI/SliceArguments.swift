import ArgumentParser
import Foundation
import OTSensorCore

/// The options that shape a slice's logs, shared by `process-slice` and
/// `otsensor reprocess` so that both take them alike and record them alike.
struct SliceArguments: ParsableArguments {
    @Option(help: "Worker threads for decoding and for analysis (default: all cores); one chunk is decoded while the one before it is analysed, and reading, hashing and log writing run beside them. Only speed depends on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Log format: 'tsv' (Zeek ASCII with its header block) or 'json' (Zeek's JSON lines).")
    var format: FormatArgument = .tsv

    @Option(help: "Column layout: 'native' (current Zeek's columns) or 'osect' (the existing sensor's shipped framing and columns).")
    var layout: LayoutArgument = .native

    @Option(name: .customLong("local-nets"),
            help: ArgumentHelp("Networks for local_orig/local_resp: CIDRs separated by commas, 'zeekctl' (10/8, 172.16/12, 192.168/16, the default), 'private' (current Zeek's private address space) or 'none' (leave the columns unset, as bare `zeek -r`).",
                               valueName: "cidrs"))
    var localNets: String = "zeekctl"

    @Option(name: .customLong("p0f-db"),
            help: ArgumentHelp("p0f fingerprint database for p0f-k.log (p0f 3 format; p0f-k's '[rule,specificity,vulnerability]' label suffixes are read when present). Missing file: p0f-k.log rows have os '???' and the manifest warns; a malformed line is an error (status 2).",
                               valueName: "file"))
    var p0fDB: String = P0fDatabase.defaultPath

    @Option(help: ArgumentHelp("Analyse only the packets this BPF expression accepts (tcpdump's syntax, e.g. 'tcp port 102 or arp').",
                               valueName: "expression"))
    var filter: String?

    @Option(name: .customLong("process-values"),
            help: "'keep' the values read from and written to PLCs in s7comm.log, or 'redact' them to their type and length (Real[1], Byte[16]); `otsensor run` redacts by default.")
    var processValues: ProcessValuesArgument = .keep

    @Flag(help: "Verify IP/TCP/UDP/ICMP checksums and skip packets that fail (off by default, as the sensor's Zeek ran).")
    var verifyChecksums = false

    @Flag(name: .customLong("verify-input"),
          help: "Hash CAPTURE even when CAPTURE.sha256 (written by `otsensor capture`) records its digest, and refuse it (status 2) when they differ.")
    var verifyInput = false

    @Flag(name: .customLong("conn-only"),
          help: "Write conn.log and the manifest only, without the application logs (faster when only flows matter).")
    var connOnly = false

    @OptionGroup var ruleOptions: RuleOptions

    init() {}

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard LocalNetworks(argument: localNets) != nil else {
            throw ValidationError("--local-nets: '\(localNets)' is not 'none', 'zeekctl', 'private' or a list of CIDRs")
        }
        if layout == .osect && format == .json {
            throw ValidationError("--layout osect is a TSV framing; it cannot be combined with --format json")
        }
    }

    /// The options for `inputs` into `output`, without the rules (`ruleOptions.load`, which
    /// can fail, gives them).
    func sliceOptions(inputs: [String], output: String, force: Bool, showProgress: Bool) -> SliceOptions {
        var options = SliceOptions(inputPath: inputs[0], outputPath: output, threads: threads,
                                   format: layout == .osect ? .osect : (format == .json ? .json : .zeekTSV),
                                   localNetworks: LocalNetworks(argument: localNets)!,
                                   verifyChecksums: verifyChecksums, force: force, showProgress: showProgress)
        options.inputPaths = inputs
        options.p0fDatabasePath = p0fDB
        options.connOnly = connOnly
        options.verifyInput = verifyInput
        options.filter = filter
        options.processValues = processValues == .redact ? .redact : .keep
        return options
    }
}
