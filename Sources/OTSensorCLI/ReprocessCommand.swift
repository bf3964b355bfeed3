import ArgumentParser
import Foundation
import OTSensorCore

/// `otsensor reprocess SRC --out DST`: an archive of slices processed again,
/// stream by stream with carried state, resumable, and shardable over many
/// machines with no coordinator.
public struct ReprocessCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract: "Process an archive of slices again: one log directory per slice, with carried state.",
        discussion: """
            Walks SRC for slices: files named *.pcap, *.pcapng or *.cap, each optionally \
            compressed with zstd (*.pcap.zst; decompressed as they are read). Hidden files and \
            directories are left out. Each slice's logs and manifest go to DST with the slice's \
            relative path, without the capture suffixes: SRC/plant-a/20261123T104100Z-a.pcap.zst \
            gives DST/plant-a/20261123T104100Z-a/, as process-slice writes it.

            Capture streams: the slices directly in one directory are one stream (otsensor \
            capture names its slices by their UTC start in one directory, so a spool's \
            captures/ is one stream). --stream-depth D makes everything below each directory D \
            levels under SRC one stream instead (--stream-depth 1 for SRC/<sensor>/<year>/<day>/, \
            --stream-depth 0 for a single stream). A stream is ordered by first packet time, then \
            by relative path; a slice without a readable packet keeps its place in name order. \
            Each slice is processed with the state carried from the one before it (kept under \
            DST/.state/); a bad slice (not a capture, unreadable, truncated) is reported with \
            its reason, the stream's state starts afresh after it, and the job goes on.

            Resumable: a slice whose output already has a manifest for the same input SHA-256, \
            options and version is skipped. A job killed and started again loses nothing and \
            redoes only the slice it was in, from the state before it (kept in DST/.state); when \
            that state is not known, the --warm-up slices before it are processed again first.

            Sharding with no coordinator: --shard i/N (1-based), or --shards N with the \
            JOB_COMPLETION_INDEX of a Kubernetes Indexed Job (0-based), takes the i-th of N \
            contiguous ranges of every stream. The first slice of a range is warmed up by \
            processing the --warm-up slices before it first (outputs not kept), so N shards \
            writing one DST give the outputs one run over everything gives, as long as no \
            connection stays open (active, or idle until its inactivity timeout: 5 minutes for \
            TCP, 1 for UDP) across more than --warm-up slice boundaries. The default, 6, covers \
            that for one-minute slices; a connection open longer (an S7 session polled all day) \
            starts, in the shard, where its warm-up starts. Manifests differ only in \
            run.host, run.started, run.started_iso, run.wall_seconds, run.cpu_seconds, run.threads (when set \
            differently), rules.load_seconds and state.directory (each shard keeps its own).

            On a terminal a progress line shows slices done of the total, MB/s and the time \
            left; cron and pipes get none. Standard output gets a summary at the end, with every \
            failed slice and its reason.

            Examples:
              otsensor reprocess /archive --out /review
              otsensor reprocess /archive --out /review --conn-only --threads 4
              parallel otsensor reprocess /archive --out /review --shard {}/4 ::: 1 2 3 4
              otsensor reprocess /archive --out /review --shards 64    # in an Indexed Job

            Exit status:
              0   every slice processed, or already done
              2   SRC is missing or unreadable, or the --p0f-db file has a malformed line
              3   DST cannot be written (the job stops: the slices left are done by the next run)
              4   one or more slices failed or are damaged (listed in the summary); every \
            other slice was processed
              64  invalid arguments (a --filter libpcap cannot compile, --shards without \
            JOB_COMPLETION_INDEX included)
              75  another reprocess works on the same shard of DST
              128+n  stopped by signal n (SIGTERM: 143); start it again to go on
            """)

    @Argument(help: ArgumentHelp("The archive: a directory tree of slices.", valueName: "src"))
    public var source: String

    @Option(name: .long, help: ArgumentHelp("Where the log directories go (created if missing).", valueName: "dst"))
    public var out: String

    @Option(help: ArgumentHelp("Do shard i of N (1-based): the i-th of N contiguous ranges of every stream.",
                               valueName: "i/N"))
    public var shard: ShardArgument?

    @Option(help: ArgumentHelp("Do one of N shards, the one JOB_COMPLETION_INDEX (0-based, set by a Kubernetes Indexed Job) names.",
                               valueName: "N"))
    public var shards: Int?

    @Option(name: .customLong("stream-depth"),
            help: ArgumentHelp("A stream is everything below each directory this many levels under SRC (default: every directory is a stream of its own).",
                               valueName: "D"))
    public var streamDepth: Int?

    @Option(name: .customLong("warm-up"),
            help: ArgumentHelp("Slices processed before a shard's first slice (or the first slice redone whose state is lost), outputs not kept, to rebuild the carried state; 6 covers the 5-minute TCP inactivity timeout with one-minute slices.",
                               valueName: "n"))
    public var warmUp = 6

    @OptionGroup var slice: SliceArguments

    @Flag(inversion: .prefixedNo, help: "Show a progress line on standard error (default: when it is a terminal).")
    public var progress: Bool?

    public init() {}

    public mutating func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out must name the directory the logs go to") }
        if let streamDepth, streamDepth < 0 { throw ValidationError("--stream-depth must be 0 or more") }
        guard warmUp >= 0 else { throw ValidationError("--warm-up must be 0 or more") }
        _ = try selection(environment: ProcessInfo.processInfo.environment)
    }

    /// The shard `--shard` or `--shards` with JOB_COMPLETION_INDEX names; every slice without either.
    func selection(environment: [String: String]) throws -> ShardSelection {
        switch (shard, shards) {
        case (.some, .some):
            throw ValidationError("give --shard i/N or --shards N, not both")
        case (let shard?, nil):
            return shard.selection
        case (nil, let count?):
            guard count >= 1 else { throw ValidationError("--shards must be at least 1") }
            guard let text = environment["JOB_COMPLETION_INDEX"], !text.isEmpty else {
                throw ValidationError("--shards \(count) takes its shard from JOB_COMPLETION_INDEX, which is not set "
                                      + "(run it in a Kubernetes Indexed Job, or give --shard i/\(count))")
            }
            guard let index = Int(text), let selection = ShardSelection(index: index + 1, count: count) else {
                throw ValidationError("JOB_COMPLETION_INDEX=\(text) is not a shard of \(count) (0 to \(count - 1))")
            }
            return selection
        case (nil, nil):
            return .all
        }
    }

    public func run() throws {
        InterruptCleanup.install()
        try CommandRunner.run("reprocess") {
            var options = slice.sliceOptions(inputs: ["-"], output: out, force: false, showProgress: false)
            do {
                options.signatures = try slice.ruleOptions.load(layout: slice.layout)
            } catch let error as ValidationError {
                throw CommandFailure(error.message, status: 2)
            } catch {
                throw CommandFailure("--rules: \(error)", status: 2)
            }
            var configuration = ReprocessJob.Configuration(source: source, destination: out, slice: options)
            configuration.streamDepth = streamDepth
            configuration.warmUp = warmUp
            configuration.shard = try selection(environment: ProcessInfo.processInfo.environment)
            let job = ReprocessJob(configuration: configuration)
            let display = ReprocessProgress(showsProgress: progress ?? (isatty(STDERR_FILENO) == 1))
            job.onEvent = display.handle
            let summary: ReprocessSummary
            do {
                summary = try job.run()
            } catch {
                display.finish()
                throw CommandFailure(String(describing: error), status: Self.exitStatus(of: error))
            }
            display.finish()
            display.summaryLines(summary).forEach { print($0) }
            if !summary.problems.isEmpty { throw ExitCode(4) }
        }
    }

    /// The documented exit status of an error that stops the job.
    private static func exitStatus(of error: Error) -> Int32 {
        switch error {
        case is ReprocessError: 75
        case is CaptureError, is P0fDatabaseError: 2
        case is CaptureFilterError: 64
        default: 3
        }
    }
}

/// `--shard i/N`.
public struct ShardArgument: ExpressibleByArgument, Sendable {
    let selection: ShardSelection

    public init?(argument: String) {
        guard let selection = ShardSelection(argument) else { return nil }
        self.selection = selection
    }

    public static var defaultValueDescription: String { "i/N" }
}
