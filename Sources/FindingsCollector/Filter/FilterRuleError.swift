/// Why a log-filter rule cannot be used, with the rule key (`field`, `op`, `value`) the problem belongs to.
public enum FilterRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field path does not parse.
    case pathSyntax(path: String, reason: String)
    /// The operator needs a value and the rule has none.
    case valueRequired(FilterOperator)
    /// `exists` and `missing` take no value.
    case valueNotAllowed(FilterOperator)
    /// The value has the wrong shape for the operator (`got` describes what was given).
    case wrongValueType(FilterOperator, got: String)
    /// `in` / `not_in` with an empty list would never (or always) match.
    case emptyList(FilterOperator)
    /// The regular expression does not compile.
    case badRegex(pattern: String, reason: String)

    /// The rule's config key the problem is reported under.
    public var configKey: String {
        switch self {
        case .pathSyntax: return "field"
        case .valueRequired, .valueNotAllowed, .wrongValueType, .emptyList, .badRegex: return "value"
        }
    }

    public var description: String {
        switch self {
        case .pathSyntax(let path, let reason):
            return "cannot read field path \"\(path)\": \(reason)"
        case .valueRequired(let op):
            return "\(op.rawValue) needs a value: \(op.operandKind.description)"
        case .valueNotAllowed(let op):
            return "\(op.rawValue) takes no value; remove \"value\""
        case .wrongValueType(let op, let got):
            return "\(op.rawValue) needs \(op.operandKind.description), got \(got)"
        case .emptyList(let op):
            return "\(op.rawValue) needs at least one value in the list"
        case .badRegex(let pattern, let reason):
            return "regular expression \"\(pattern)\" does not compile: \(reason)"
        }
    }
}
