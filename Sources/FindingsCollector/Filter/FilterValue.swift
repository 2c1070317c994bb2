import JSONBytes

/// A literal a rule compares against: the `value` of a rule, or one element of its list.
public enum FilterValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)

    /// Reads a JSON scalar (a config's rule value); nil for objects, lists and null.
    init?(json: JSONValue) {
        switch json.kind {
        case .string: self = .string(json.string ?? "")
        case .number: self = .number(json.double ?? .nan)
        case .bool: self = .bool(json.bool ?? false)
        case .object, .array, .null: return nil
        }
    }

    /// True when the value at `node` is a scalar of the same type with the same value (strings compare
    /// as Swift Strings do).
    func equals(_ node: JSONNode, in view: JSONView) -> Bool {
        switch self {
        case .string(let text): return view.kind(node) == .string && TextMatch.equals(node, in: view, text)
        case .number(let number): return view.double(node) == number
        case .bool(let flag): return view.bool(node) == flag
        }
    }

    /// The value as it would be written in the config.
    public var description: String {
        switch self {
        case .string(let text): return "\"\(text)\""
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): return String(flag)
        }
    }
}

/// What a rule's `value` holds: nothing (exists, missing), one literal, or a list (in, not_in).
public enum FilterOperand: Sendable, Equatable {
    case none
    case value(FilterValue)
    case list([FilterValue])
}
