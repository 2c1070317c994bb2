import JSONBytes

/// An operator's log filter: rules tried in order, the first match decides, otherwise the default.
public struct LogFilter: Sendable {
    /// A filter that keeps every record (no rules, default keep).
    public static let keepAll = LogFilter(rules: [], defaultAction: .keep)

    /// The rules, in evaluation order; each rule's `index` is its position here.
    public private(set) var rules: [FilterRule]
    /// What happens to a record no rule matches.
    public var defaultAction: FilterAction

    /// Creates a filter; the rules are numbered by their position for their labels.
    public init(rules: [FilterRule], defaultAction: FilterAction = .keep) {
        self.rules = rules.enumerated().map { position, rule in
            var rule = rule
            rule.index = position
            return rule
        }
        self.defaultAction = defaultAction
    }

    /// Decides on one record.
    public func evaluate(_ record: FilterSubject) -> FilterDecision {
        for (position, rule) in rules.enumerated() where rule.matches(record) {
            return FilterDecision(keep: rule.action == .keep, ruleIndex: position)
        }
        return FilterDecision(keep: defaultAction == .keep, ruleIndex: nil)
    }

    /// Decides on one record read whole.
    public func evaluate(_ record: JSONValue) -> FilterDecision {
        evaluate(FilterSubject(record: record))
    }

    /// True when the filter can drop nothing (no drop rule, default keep): the caller may skip parsing records.
    public var isEmpty: Bool {
        defaultAction == .keep && rules.allSatisfy { $0.action == .keep }
    }
}
