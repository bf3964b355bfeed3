extension AggregationTable where Key: Comparable {
    /// Every entry ordered by first-seen time, then by key: the same order on
    /// every run and for any shard layout, for analyzers whose instances do not
    /// know their shard (equal first-seen times from different shards would
    /// otherwise tie).
    public var entriesByTimeAndKey: [Entry] {
        entries.sorted { $0.first != $1.first ? $0.first < $1.first : $0.key < $1.key }
    }
}
