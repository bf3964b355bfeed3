/// Which application buffers the loaded rules read, so that the feeders
/// build (and the HTTP analyzer keeps) only what some rule can inspect.
extension RuleSet {
    /// Every application buffer name some rule reads.
    public var appBufferNames: Set<String> { Set(signatures.flatMap(\.requiredAppBuffers)) }

    /// Whether some rule reads an HTTP buffer (`http.*`, `file.data`).
    public var readsHTTPBuffers: Bool {
        appBufferNames.contains { $0.hasPrefix("http.") || $0 == "file.data" }
    }
}
