/// The outcome of a log filter for one record: whether to keep it, and which rule decided.
public struct FilterDecision: Sendable, Equatable {
    /// True when the record goes on to the destination.
    public var keep: Bool
    /// Index of the first matching rule in `LogFilter.rules`; nil when no rule matched and the default applied.
    public var ruleIndex: Int?

    /// Creates a decision.
    public init(keep: Bool, ruleIndex: Int?) {
        self.keep = keep
        self.ruleIndex = ruleIndex
    }
}
