import OTSensorSignatures

/// What `--rules` configures for a slice: the loaded rules and the form of
/// eve.json. Loaded once by the command and shared read-only by the shards.
public struct SignatureSettings: Sendable {
    public var rules: RuleSet
    public var writer: EveWriter

    public init(rules: RuleSet, writer: EveWriter = EveWriter()) {
        self.rules = rules
        self.writer = writer
    }
}
