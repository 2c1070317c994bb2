/// One reason a rule can never match any record, under the rule key to report it at.
struct RuleProblem: Sendable, Equatable {
    var key: String
    var message: String
}

/// Checks a rule against `RecordFields`: the path must be able to exist, and the operator and value
/// must fit the field's type. A rule that passes may still match nothing, but never by construction.
enum RecordFieldCheck {
    static func problem(path: FieldPath, op: FilterOperator, operand: FilterOperand, in record: RecordFieldShape) -> RuleProblem? {
        var shape = record
        var walked = ""
        for (position, step) in path.steps.enumerated() {
            switch (step, shape) {
            case (.member(let name), .object(let members)):
                guard let next = members.first(where: { $0.name == name })?.shape else {
                    return RuleProblem(key: "field", message: unknownMember(name, under: walked, known: shape.memberNames))
                }
                shape = next
                walked = walked.isEmpty ? name : "\(walked).\(name)"
            case (.member(let name), .openObject), (.member(let name), .unknown):
                shape = .unknown
                walked += ".\(name)"
            case (.member, .list):
                let rest = render(path.steps[position...])
                return RuleProblem(key: "field", message: "\(walked) is a list: write \(walked)[]\(rest) (matches when any element does)")
            case (.member(let name), .scalar(let kind, _)):
                return RuleProblem(key: "field", message: "\(walked) is \(kind.description) and has no field \"\(name)\"")
            case (.elements, .list(let element)):
                shape = element
                walked += "[]"
            case (.elements, .unknown):
                walked += "[]"
            case (.elements, _):
                return RuleProblem(key: "field", message: "\(walked) is not a list: remove the []")
            }
        }
        return fit(op, operand, to: shape, at: walked)
    }

    /// Operator and value against the field's type (lists compare element by element, except `contains`).
    private static func fit(_ op: FilterOperator, _ operand: FilterOperand, to shape: RecordFieldShape,
                            at field: String) -> RuleProblem? {
        if op == .exists || op == .missing { return nil }
        if op == .contains, case .list(let element) = shape {
            if let problem = objectProblem(element.elementShape, op, at: field, inList: true) { return problem }
            return fitValues(op, operand, to: element.elementShape, at: field, asElement: true)
        }
        if let problem = objectProblem(shape.elementShape, op, at: field, inList: isList(shape)) { return problem }
        switch shape.elementShape {
        case .unknown, .object, .openObject:
            return nil
        case .list:
            return nil   // elementShape never returns a list
        case .scalar(let kind, _):
            switch (op, kind) {
            case (.gt, .text), (.gte, .text), (.lt, .text), (.lte, .text):
                return RuleProblem(key: "op", message: "\(field) is text; \(op.rawValue) compares numbers (use eq, in, prefix or regex)")
            case (.prefix, .number), (.regex, .number), (.contains, .number):
                return RuleProblem(key: "op", message: "\(field) is a number; \(op.rawValue) tests text (use eq, in, gt, gte, lt or lte)")
            case (.gt, .flag), (.gte, .flag), (.lt, .flag), (.lte, .flag), (.prefix, .flag), (.regex, .flag), (.contains, .flag):
                return RuleProblem(key: "op", message: "\(field) is true or false; \(op.rawValue) does not apply (use eq or ne)")
            default:
                return fitValues(op, operand, to: shape.elementShape, at: field, asElement: false)
            }
        }
    }

    /// Each literal must have the field's type, and be one of its values when the collector writes a closed set.
    private static func fitValues(_ op: FilterOperator, _ operand: FilterOperand, to shape: RecordFieldShape,
                                  at field: String, asElement: Bool) -> RuleProblem? {
        guard case .scalar(let kind, let allowed) = shape else { return nil }
        let values: [FilterValue]
        switch operand {
        case .none: return nil
        case .value(let value): values = [value]
        case .list(let list): values = list
        }
        let plural: String
        switch kind {
        case .text: plural = "text"
        case .number: plural = "numbers"
        case .flag: plural = "true or false"
        }
        let subject = asElement ? "the elements of \(field) are \(plural)" : "\(field) is \(kind.description)"
        let exact = ([.eq, .ne, .in, .notIn] as [FilterOperator]).contains(op)
        for value in values {
            switch (value, kind) {
            case (.string(let text), .text):
                if exact, let allowed, !allowed.contains(text) {
                    let hint = allowed.first { $0.lowercased() == text.lowercased() }.map { " (did you mean \"\($0)\"?)" } ?? ""
                    return RuleProblem(key: "value", message: "\(field) is never \"\(text)\"\(hint); its values are: \(allowed.joined(separator: ", "))")
                }
            case (.number, .number):
                continue
            case (.string(let text), .number):
                return RuleProblem(key: "value", message: "\(subject); write \(text) without quotes")
            case (.number(let number), .text):
                return RuleProblem(key: "value", message: "\(subject); write \"\(FilterValue.number(number))\" in quotes")
            case (.bool, .flag):
                continue
            case (.string, .flag), (.number, .flag):
                return RuleProblem(key: "value", message: "\(subject); write true or false, without quotes")
            case (.bool, _):
                return RuleProblem(key: "value", message: "\(subject), never true/false")
            }
        }
        return nil
    }

    /// Objects can only be tested with exists/missing: name the fields to compare instead.
    private static func objectProblem(_ shape: RecordFieldShape, _ op: FilterOperator, at field: String,
                                      inList: Bool) -> RuleProblem? {
        switch shape {
        case .object, .openObject: break
        default: return nil
        }
        let fields = shape.memberNames
        let subject = inList ? "\(field) is a list of objects" : "\(field) is an object"
        let base = inList ? "\(field)[]" : field
        let owner = inList ? "their" : "its"
        let hint = fields.first.map { "name one of \(owner) fields, like \(base).\($0) (fields: \(fields.joined(separator: ", ")))" }
            ?? "name one of \(owner) fields, like \(base).<name>"
        return RuleProblem(key: "field", message: "\(subject), which \(op.rawValue) cannot compare: \(hint)")
    }

    private static func isList(_ shape: RecordFieldShape) -> Bool {
        if case .list = shape { return true }
        return false
    }

    private static func unknownMember(_ name: String, under parent: String, known: [String]) -> String {
        let place = parent.isEmpty ? "a record" : parent
        let lowered = name.lowercased()
        let extended = name.count >= 3 ? known.first { $0.lowercased().hasPrefix(lowered) } : nil
        let nearest = extended ?? known.min { editDistance(name, $0) < editDistance(name, $1) }
        if let nearest, extended != nil || editDistance(name, nearest) <= max(2, name.count / 3) {
            return "\(place) has no field \"\(name)\"; did you mean \"\(nearest)\"?"
        }
        return "\(place) has no field \"\(name)\"; known: \(known.joined(separator: ", "))"
    }

    private static func render(_ steps: ArraySlice<FieldPath.Step>) -> String {
        steps.map { step -> String in
            if case .member(let name) = step { return ".\(name)" }
            return "[]"
        }.joined()
    }
}
