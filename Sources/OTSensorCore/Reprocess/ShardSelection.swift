/// Which part of every stream one reprocessing job does: shard `index` of
/// `count` (1-based, as `--shard 2/8` says it) takes the `index`-th of `count`
/// contiguous, nearly equal ranges of each stream's time-ordered slices, so
/// that N jobs with no coordinator share an archive between them.
public struct ShardSelection: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole archive.
    public static let all = ShardSelection(index: 1, count: 1)!

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `i/N`, as on the command line.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// The slice positions this shard takes out of a stream of `slices`: shard i of N
    /// takes [⌊(i−1)·n/N⌋, ⌊i·n/N⌋), so the N ranges cover the stream exactly once.
    public func range(of slices: Int) -> Range<Int> {
        (index - 1) * slices / count ..< index * slices / count
    }

    public var description: String { "\(index)/\(count)" }

    /// How the shard's own files (state, journal, lock) are named under DST/.state.
    var fileName: String { count == 1 ? "all" : "shard-\(index)-of-\(count)" }
}
