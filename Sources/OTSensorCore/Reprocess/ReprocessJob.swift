import Foundation

/// `otsensor reprocess SRC --out DST`: every slice of an archive (this shard's
/// part of every stream) into `DST/<relative path without the capture
/// suffixes>/`, with carried state, skipping what is already current.
public final class ReprocessJob {
    public struct Configuration: Sendable {
        public var source: String
        public var destination: String
        /// See `ArchiveScanner.streamDepth`.
        public var streamDepth: Int?
        public var shard = ShardSelection.all
        /// Slices processed, outputs not kept, before the first slice of a shard's range (or the
        /// first slice redone when the state before it is not known). One predecessor is not
        /// enough: a UDP flow that spans a boundary stays until its 1-minute timeout, past the
        /// next boundary, and an idle TCP connection for 5 minutes; 6 covers both for
        /// one-minute slices.
        public var warmUp = 6
        /// Every slice's options; the input, output and state are set per slice.
        public var slice: SliceOptions

        public init(source: String, destination: String, slice: SliceOptions) {
            self.source = source
            self.destination = destination
            self.slice = slice
        }
    }

    /// What the job tells its caller as it goes.
    public enum Event {
        /// The plan: this shard's slices and their bytes on disk, over `streams` streams.
        case planned(slices: Int, bytes: Int, streams: Int)
        case finished(ArchivedSlice, SliceOutcome)
        case warning(String)
    }

    public let configuration: Configuration
    public var onEvent: (Event) -> Void = { _ in }

    public init(configuration: Configuration) {
        var configuration = configuration
        configuration.source = (configuration.source as NSString).standardizingPath
        configuration.destination = (configuration.destination as NSString).standardizingPath
        self.configuration = configuration
    }

    /// Runs the job. Throws `ReprocessError.busy` when another job holds this shard,
    /// a `CaptureError` when the archive cannot be read, and what `SliceAttempt`
    /// lets through when the job cannot go on.
    public func run() throws -> ReprocessSummary {
        let streams = try ArchiveScanner(root: configuration.source, streamDepth: configuration.streamDepth).scan()
        try SharedDirectories.create(StreamPlace.stateRoot(configuration.destination))
        let lockPath = "\(StreamPlace.stateRoot(configuration.destination))/\(configuration.shard.fileName).lock"
        guard let lock = try SpoolLock.acquire(URL(fileURLWithPath: lockPath)) else { throw ReprocessError.busy(lockPath) }
        defer { withExtendedLifetime(lock) {} }

        let shard = configuration.shard
        let planned = streams.flatMap { stream in shard.range(of: stream.slices.count).map { stream.slices[$0] } }
        onEvent(.planned(slices: planned.count, bytes: planned.reduce(0) { $0 + $1.size }, streams: streams.count))
        var summary = ReprocessSummary()
        summary.streams = streams.count
        let attempt = SliceAttempt(template: configuration.slice)
        let options = Manifest.Options(configuration.slice)
        let rulesLoaded = configuration.slice.signatures?.rules.report.loaded
        let verifyInput = configuration.slice.verifyInput
        let settings = try Self.settings(options, rulesLoaded: rulesLoaded)
        for stream in streams {
            let reprocessor = StreamReprocessor(
                stream: stream, range: shard.range(of: stream.slices.count), destination: configuration.destination,
                place: StreamPlace(destination: configuration.destination, stream: stream.key, shard: shard, settings: settings),
                attempt: attempt, expectation: .init(options: options, rulesLoaded: rulesLoaded), verifyInput: verifyInput,
                warmUp: configuration.warmUp,
                report: { slice, outcome in
                    summary.count(slice, outcome)
                    self.onEvent(.finished(slice, outcome))
                },
                warn: { self.onEvent(.warning($0)) })
            summary.warmUps += try reprocessor.run()
        }
        return summary
    }

    /// What a stream's state depends on besides its slices: the options, rules and version.
    private static func settings(_ options: Manifest.Options, rulesLoaded: Int?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(options), as: UTF8.self)
        return "\(Manifest.Tool().version) \(text) rules=\(rulesLoaded.map(String.init) ?? "none")"
    }
}

public enum ReprocessError: Error, CustomStringConvertible, Equatable {
    /// Another job works on the same shard of the same destination.
    case busy(String)

    public var description: String {
        switch self {
        case .busy(let lock): "another otsensor reprocess holds \(lock): it is doing this shard's work already"
        }
    }
}
