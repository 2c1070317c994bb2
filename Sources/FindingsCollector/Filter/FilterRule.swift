import JSONBytes

/// One log-filter rule: when the values at `field` satisfy `op` (with its value), apply `action`.
public struct FilterRule: Sendable {
    /// The field path as written in the config.
    public private(set) var field: String
    /// The operator.
    public private(set) var op: FilterOperator
    /// The operator's value, as given.
    public private(set) var operand: FilterOperand
    /// What happens to a record the rule matches.
    public private(set) var action: FilterAction
    /// Position in the filter's rule list; `LogFilter` numbers its rules.
    public internal(set) var index: Int
    /// Names the rule in counters and logs, e.g. "rules[0] normalized.severity in".
    public var label: String { "rules[\(index)] \(field) \(op.rawValue)" }

    let path: FieldPath
    let condition: FilterCondition

    /// Checks and compiles a rule (path syntax, value type, regular expression); throws what is wrong.
    public init(field: String, op: FilterOperator, operand: FilterOperand = .none, action: FilterAction,
                index: Int = 0) throws(FilterRuleError) {
        path = try FieldPath(field)
        condition = try FilterCondition(op, operand)
        self.field = field
        self.op = op
        self.operand = operand
        self.action = action
        self.index = index
    }

    /// True when the rule's condition holds for `record`.
    public func matches(_ record: FilterSubject) -> Bool {
        condition.matches(path, in: record)
    }

    /// True when the rule's condition holds for a record read whole.
    public func matches(_ record: JSONValue) -> Bool {
        matches(FilterSubject(record: record))
    }
}
