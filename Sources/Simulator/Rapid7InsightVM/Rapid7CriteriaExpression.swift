/// Rapid7 search criteria as the double understands them: comparisons (`field op value`) joined by `&&` /
/// `||` (also `AND` / `OR`), with parentheses. Enough for what the collector and its operators send:
/// `last_scan_end > '2025-01-01T00:00:00Z'`, `id IN ['a', 'b']`, `os_family = 'Linux'`, `severity_score >= 7`.
public indirect enum Rapid7CriteriaExpression: Sendable, Equatable {
    case comparison(field: String, op: Operator, value: Value)
    case and(Rapid7CriteriaExpression, Rapid7CriteriaExpression)
    case or(Rapid7CriteriaExpression, Rapid7CriteriaExpression)

    public enum Operator: String, Sendable, Equatable {
        case equal = "=", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
        case `in` = "IN", notIn = "NOT IN", contains = "CONTAINS"
    }

    public enum Value: Sendable, Equatable {
        case text(String)
        case list([String])
    }

    /// A field's value on the thing being tested.
    public enum FieldValue: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// Epoch seconds.
        case time(Double)
        /// Several values (tags, CVEs): a comparison holds when it holds for one of them.
        case texts([String])
        case missing
    }

    public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Every field the expression names.
    public var fields: [String] {
        switch self {
        case .comparison(let field, _, _): return [field]
        case .and(let a, let b), .or(let a, let b): return a.fields + b.fields
        }
    }

    /// Whether the thing whose fields `lookup` gives matches. Throws when a value cannot be compared with the
    /// field (a date that is not a date).
    public func matches(_ lookup: (String) -> FieldValue) throws -> Bool {
        switch self {
        case .and(let a, let b): return try a.matches(lookup) && b.matches(lookup)
        case .or(let a, let b): return try a.matches(lookup) || b.matches(lookup)
        case .comparison(let field, let op, let value):
            return try Self.compare(lookup(field), op, value, field: field)
        }
    }

    private static func compare(_ field: FieldValue, _ op: Operator, _ value: Value, field name: String) throws -> Bool {
        switch (op, value) {
        case (.in, .list(let options)), (.notIn, .list(let options)):
            let found = texts(of: field).contains { text in options.contains { $0.caseInsensitiveCompare(text) == .orderedSame } }
            return op == .in ? found : !found
        case (.in, .text), (.notIn, .text):
            throw EvaluationError(message: "\(name) \(op.rawValue) needs a list, e.g. ['a', 'b']")
        case (_, .list):
            throw EvaluationError(message: "\(name) \(op.rawValue) does not take a list")
        case (_, .text(let literal)):
            switch field {
            case .missing:
                return op == .notEqual
            case .texts(let values):
                return try values.contains { value throws in try compare(.text(value), op, .text(literal), field: name) }
            case .text(let text):
                switch op {
                case .equal: return text.caseInsensitiveCompare(literal) == .orderedSame
                case .notEqual: return text.caseInsensitiveCompare(literal) != .orderedSame
                case .contains: return text.lowercased().contains(literal.lowercased())
                default: return order(text.compare(literal).rawValue, op)
                }
            case .number(let number):
                guard let other = Double(literal) else {
                    throw EvaluationError(message: "\(name) is a number; '\(literal)' is not")
                }
                return order(number < other ? -1 : number > other ? 1 : 0, op)
            case .time(let time):
                guard let other = Rapid7Time.parse(literal) else {
                    throw EvaluationError(message: "\(name) is a date-time; '\(literal)' is not ISO 8601")
                }
                return order(time < other ? -1 : time > other ? 1 : 0, op)
            }
        }
    }

    private static func order(_ sign: Int, _ op: Operator) -> Bool {
        switch op {
        case .equal: return sign == 0
        case .notEqual: return sign != 0
        case .greater: return sign > 0
        case .greaterOrEqual: return sign >= 0
        case .less: return sign < 0
        case .lessOrEqual: return sign <= 0
        case .in, .notIn, .contains: return false
        }
    }

    private static func texts(of field: FieldValue) -> [String] {
        switch field {
        case .text(let text): return [text]
        case .texts(let texts): return texts
        case .number(let number): return [number.rounded() == number ? String(Int(number)) : String(number)]
        case .time(let time): return [Rapid7Time.format(time)]
        case .missing: return []
        }
    }
}
