import JSONBytes

/// Reads a `log_filters` object (connector level, or per destination: same shape).
///
/// ```json
/// "log_filters": {"default": "keep",
///                 "rules": [{"field": "normalized.severity", "op": "in", "value": ["Low"], "action": "drop"}]}
/// ```
/// Every problem is recorded under its key path (`connectors[0].log_filters.rules[2].op`): unknown
/// operator or action, bad regex, wrong value type, path syntax, and paths no record can have.
enum LogFilterReader {
    /// The keys a rule object may have.
    static let ruleKeys = ["field", "op", "value", "action"]

    /// The filter under `key`; nil when the key is absent (use `LogFilter.keepAll`) or it has problems.
    /// `fields`: the records the filter sees (one kind's for a connector, every kind's for a destination);
    /// a rule's path must exist in one of them.
    static func read(_ reader: ConfigReader, key: String = "log_filters", fields: [RecordFieldShape]) -> LogFilter? {
        guard reader.has(key) else {
            _ = reader.object(key)   // marks the key as known even when it is null
            return nil
        }
        guard let filters = reader.object(key) else { return nil }
        let before = filters.problems.problems.count
        let defaultAction = filters.choice("default", default: FilterAction.keep) ?? .keep
        let rules = filters.objectArray("rules").compactMap { readRule($0, fields: fields) }
        filters.rejectUnknownKeys()
        guard filters.problems.problems.count == before else { return nil }
        return LogFilter(rules: rules, defaultAction: defaultAction)
    }

    private static func readRule(_ reader: ConfigReader, fields: [RecordFieldShape]) -> FilterRule? {
        let field = reader.string("field", required: true)
        let op = readOperator(reader)
        let action = reader.choice("action", default: nil as FilterAction?)
        let operand = readOperand(reader)
        rejectUnknownRuleKeys(reader)
        guard let field, let op, let action, let operand else { return nil }
        let rule: FilterRule
        do {
            rule = try FilterRule(field: field, op: op, operand: operand, action: action)
        } catch {
            reader.report(error.configKey, error.description)
            return nil
        }
        let problems = fields.map { RecordFieldCheck.problem(path: rule.path, op: op, operand: operand, in: $0) }
        if !problems.contains(where: { $0 == nil }), let problem = problems.first ?? nil {
            reader.report(problem.key, problem.message)
            return nil
        }
        return rule
    }

    private static func readOperator(_ reader: ConfigReader) -> FilterOperator? {
        guard let name = reader.string("op", required: true) else { return nil }
        if let op = FilterOperator(rawValue: name) { return op }
        let valid = FilterOperator.allCases.map(\.rawValue)
        let nearest = valid.min { editDistance(name, $0) < editDistance(name, $1) }
        let hint = nearest.flatMap { editDistance(name, $0) <= 2 ? " (did you mean \"\($0)\"?)" : nil } ?? ""
        reader.report("op", "unknown operator \"\(name)\"\(hint); use one of: \(valid.joined(separator: ", "))")
        return nil
    }

    /// `.none` when there is no `value` (the operator decides whether that is allowed); nil after a problem.
    private static func readOperand(_ reader: ConfigReader) -> FilterOperand? {
        guard let value = reader.value["value"], !value.isNull else { return FilterOperand.none }
        if let scalar = FilterValue(json: value) { return .value(scalar) }
        guard value.kind == .array else {
            reader.report("value", "must be a string, a number, true/false, or a list of them; got an object")
            return nil
        }
        var list: [FilterValue] = []
        for (index, element) in value.elements.enumerated() {
            guard let scalar = FilterValue(json: element) else {
                reader.problems.add("\(reader.keyPath("value"))[\(index)]", "must be a string, a number or true/false")
                return nil
            }
            list.append(scalar)
        }
        return .list(list)
    }

    /// ConfigReader only knows keys it was asked for through its typed getters; `value` is read raw.
    private static func rejectUnknownRuleKeys(_ reader: ConfigReader) {
        for (key, _) in reader.value.members where !ruleKeys.contains(key) {
            let nearest = ruleKeys.min { editDistance(key, $0) < editDistance(key, $1) }
            if let nearest, editDistance(key, nearest) <= 3 {
                reader.report(key, "unknown key; did you mean \"\(nearest)\"?")
            } else {
                reader.report(key, "unknown key; a rule has: \(ruleKeys.joined(separator: ", "))")
            }
        }
    }
}
