/// Everything that shapes one run of process-slice.
public struct SliceOptions: Sendable {
    /// The captures to read, merged by packet time into one stream; `-` is standard input.
    public var inputPaths: [String]
    /// The first (usually only) capture.
    public var inputPath: String {
        get { inputPaths[0] }
        set { inputPaths[0] = newValue }
    }
    public var outputPath: String
    /// Worker threads for the decode stage and for the analyze stage, which overlap by a chunk; only speed depends on it.
    public var threads: Int
    public var format: LogFormat
    public var localNetworks: LocalNetworks
    public var verifyChecksums: Bool
    /// Replace an existing output directory.
    public var force: Bool
    /// Report progress on standard error while reading.
    public var showProgress: Bool
    /// A BPF expression (tcpdump's syntax): only the packets it accepts are analysed.
    public var filter: String?
    /// Whether logs show the values read from and written to PLCs.
    public var processValues = ProcessValues.keep
    /// The sensor's label, for the manifest (set by `otsensor run`).
    public var sensorLabel: String?
    /// p0f's fingerprint database for p0f-k.log (`--p0f-db`); nil runs without one.
    public var p0fDatabasePath: String? = P0fDatabase.defaultPath
    /// What the application analyzers are configured with (the p0f database is
    /// parsed once per slice by `SliceProcessor` and added there).
    public var analyzerEnvironment: AnalyzerEnvironment {
        var environment = AnalyzerEnvironment(format: format)
        environment.processValues = processValues
        environment.carriesState = stateDirectory != nil
        return environment
    }
    /// The live capture's libpcap counts for this slice, reported in the manifest.
    public var captureStatistics: CaptureStatistics?
    /// Write conn.log only, without the application analyzers (for the
    /// benchmark's conn-only figure, and for reprocessing where only flows matter).
    public var connOnly = false
    /// Hash the input even when a `CAPTURE.sha256` sidecar records its digest,
    /// and refuse the input when the two differ.
    public var verifyInput = false
    /// Fixed number of shards: output never depends on the thread count.
    public var shardCount = 64
    /// Bytes of packet data per chunk: bounds memory independently of capture size.
    public var chunkBytes = 8 << 20
    /// Packets per chunk, whichever limit comes first: small packets make many
    /// decoded entries per byte, and a chunk's entries should still be in the
    /// cache when the shards read them (16 Ki entries are about 3 MB), while
    /// large packets want large chunks to keep the per-chunk costs (barriers,
    /// expiry sweeps) small.
    public var chunkPackets = 16_384
    /// Rules and eve.json form (`--rules`); without them eve.json is empty.
    public var signatures: SignatureSettings?
    /// The capture stream's state directory (`--state`): connections open at
    /// the slice's end continue in the next slice given the same directory.
    /// nil: every connection ends with the slice.
    public var stateDirectory: String?
    public var stateLimits = CarriedStateLimits()

    public init(inputPath: String, outputPath: String, threads: Int, format: LogFormat = .zeekTSV,
                localNetworks: LocalNetworks = .zeekctlDefault, verifyChecksums: Bool = false,
                force: Bool = false, showProgress: Bool = false) {
        self.inputPaths = [inputPath]
        self.outputPath = outputPath
        self.threads = max(1, threads)
        self.format = format
        self.localNetworks = localNetworks
        self.verifyChecksums = verifyChecksums
        self.force = force
        self.showProgress = showProgress
    }
}
