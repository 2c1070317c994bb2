/// The comparison a log-filter rule applies to the values found at its field path.
///
/// Every operator except `missing` is tested against each value the path reaches (a list is tested
/// element by element, see `FieldPath`); the rule matches when ANY value satisfies it. So `ne` and
/// `not_in` mean "some value differs", and no comparison ever matches a field that is absent:
/// use `missing` for that. Comparisons are typed: a string never equals a number.
public enum FilterOperator: String, Sendable, Equatable, CaseIterable {
    /// Equal to the value (same type: string, number or true/false).
    case eq
    /// Not equal to the value (a value of another type is not equal).
    case ne
    /// Equal to one of the listed values.
    case `in`
    /// Equal to none of the listed values.
    case notIn = "not_in"
    /// A string containing the text, or a list having the value as an element.
    case contains
    /// A string starting with the text.
    case prefix
    /// A string in which the regular expression finds a match (not anchored: use ^ and $).
    case regex
    /// A number greater than the value.
    case gt
    /// A number greater than or equal to the value.
    case gte
    /// A number less than the value.
    case lt
    /// A number less than or equal to the value.
    case lte
    /// The field has a value (not null, not an empty list).
    case exists
    /// The field has no value: absent, null or an empty list; on a path through a list, no element has it.
    case missing

    /// The kind of `value` this operator takes, for validation and messages.
    var operandKind: OperandKind {
        switch self {
        case .eq, .ne: return .scalar
        case .in, .notIn: return .list
        case .contains: return .textOrNumber
        case .prefix, .regex: return .text
        case .gt, .gte, .lt, .lte: return .number
        case .exists, .missing: return .none
        }
    }

    /// What an operator expects as its `value`.
    enum OperandKind: Equatable {
        case none, scalar, list, text, number, textOrNumber

        var description: String {
            switch self {
            case .none: return "no value"
            case .scalar: return "a string, a number or true/false"
            case .list: return "a non-empty list of strings, numbers or true/false"
            case .text: return "a string"
            case .number: return "a number"
            case .textOrNumber: return "a string (or a number, to find it in a list of numbers)"
            }
        }
    }
}
