import JSONBytes

/// An operator bound to its checked value: what a rule tests, ready to run on many records.
enum FilterCondition: Sendable, Equatable {
    case equal(FilterValue)
    case notEqual(FilterValue)
    case oneOf(Set<FilterValue>)
    case noneOf(Set<FilterValue>)
    case contains(FilterValue)
    case prefix(TextNeedle)
    case regex(FilterRegex)
    case greater(Double), greaterOrEqual(Double), less(Double), lessOrEqual(Double)
    case exists, missing

    /// Checks `operand` against what `op` takes; regular expressions are compiled here, once.
    init(_ op: FilterOperator, _ operand: FilterOperand) throws(FilterRuleError) {
        switch (op, operand) {
        case (.exists, .none): self = .exists
        case (.missing, .none): self = .missing
        case (.exists, _), (.missing, _): throw .valueNotAllowed(op)
        case (_, .none): throw .valueRequired(op)
        case (.eq, .value(let value)): self = .equal(value)
        case (.ne, .value(let value)): self = .notEqual(value)
        case (.in, .list(let values)), (.notIn, .list(let values)):
            guard !values.isEmpty else { throw .emptyList(op) }
            self = op == .in ? .oneOf(Set(values)) : .noneOf(Set(values))
        case (.contains, .value(let value)):
            if case .bool = value { throw .wrongValueType(op, got: "true/false") }
            self = .contains(value)
        case (.prefix, .value(.string(let text))): self = .prefix(TextNeedle(text))
        case (.regex, .value(.string(let pattern))): self = .regex(try FilterRegex(pattern))
        case (.gt, .value(.number(let n))): self = .greater(n)
        case (.gte, .value(.number(let n))): self = .greaterOrEqual(n)
        case (.lt, .value(.number(let n))): self = .less(n)
        case (.lte, .value(.number(let n))): self = .lessOrEqual(n)
        case (_, .value(let value)): throw .wrongValueType(op, got: FilterCondition.describe(value))
        case (_, .list): throw .wrongValueType(op, got: "a list")
        }
    }

    private static func describe(_ value: FilterValue) -> String {
        switch value {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "true/false"
        }
    }

    /// True when the values `path` reaches in `record` satisfy this condition (any value; see FilterOperator).
    func matches(_ path: FieldPath, in record: FilterSubject) -> Bool {
        switch self {
        case .exists: return path.anyValue(in: record, where: FilterCondition.hasValue)
        case .missing: return !path.anyValue(in: record, where: FilterCondition.hasValue)
        case .contains(let needle): return path.anyValue(in: record) { FilterCondition.value($1, in: $0, contains: needle) }
        default: return path.anyValue(in: record) { anyLeaf($1, in: $0) }
        }
    }

    /// A value that ended up a list is tested element by element (nested lists too, iteratively: a record
    /// may nest lists deeper than recursion could follow).
    private func anyLeaf(_ node: JSONNode, in view: JSONView) -> Bool {
        view.containsValueThroughArrays(node) { test($0, in: view) }
    }

    private func test(_ node: JSONNode, in view: JSONView) -> Bool {
        switch self {
        case .equal(let expected): return expected.equals(node, in: view)
        case .notEqual(let expected): return view.kind(node) != .null && !expected.equals(node, in: view)
        case .oneOf(let allowed): return allowed.contains { $0.equals(node, in: view) }
        case .noneOf(let excluded): return view.kind(node) != .null && !excluded.contains { $0.equals(node, in: view) }
        case .prefix(let start): return view.kind(node) == .string && TextMatch.hasPrefix(node, in: view, start)
        case .regex(let expression): return view.string(node).map(expression.matches) ?? false
        case .greater(let bound): return view.double(node).map { $0 > bound } ?? false
        case .greaterOrEqual(let bound): return view.double(node).map { $0 >= bound } ?? false
        case .less(let bound): return view.double(node).map { $0 < bound } ?? false
        case .lessOrEqual(let bound): return view.double(node).map { $0 <= bound } ?? false
        case .exists, .missing, .contains: return false   // handled in `matches`
        }
    }

    /// Not null, and for a list, some element (at any depth) that is not null.
    private static func hasValue(_ view: JSONView, _ node: JSONNode) -> Bool {
        view.containsValueThroughArrays(node) { view.kind($0) != .null }
    }

    /// Substring for a string; for a list, an element (at any depth) equal to `needle`.
    private static func value(_ node: JSONNode, in view: JSONView, contains needle: FilterValue) -> Bool {
        switch view.kind(node) {
        case .array: return view.containsValueThroughArrays(node) { needle.equals($0, in: view) }
        case .string:
            guard case .string(let text) = needle, let haystack = view.string(node) else { return false }
            return text.isEmpty || haystack.contains(text)
        default: return false
        }
    }
}
