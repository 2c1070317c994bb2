/// What the collector knows about a field of the record, for checking rule paths at load time.
indirect enum RecordFieldShape: Sendable {
    /// A string (`text`) or a number; `allowed` lists every value the collector ever writes, when closed.
    case scalar(ScalarKind, allowed: [String]? = nil)
    /// An object whose members are all known, in the order the record writes them.
    case object([(name: String, shape: RecordFieldShape)])
    /// An object whose members are not checked (vendor data below the first level).
    case openObject
    /// A list of values of one shape.
    case list(RecordFieldShape)
    /// Anything: below an open object nothing is known.
    case unknown

    /// The type of a scalar field: `flag` is a JSON `true`/`false` (a marker such as
    /// `normalized.definition_missing`, or a vendor's boolean).
    enum ScalarKind: Sendable {
        case text, number, flag

        var description: String {
            switch self {
            case .text: return "text"
            case .number: return "a number"
            case .flag: return "true or false"
            }
        }
    }

    static let text = RecordFieldShape.scalar(.text)
    static let number = RecordFieldShape.scalar(.number)
    static let flag = RecordFieldShape.scalar(.flag)
    static func texts() -> RecordFieldShape { .list(.text) }
    static func choice(_ values: [String]) -> RecordFieldShape { .scalar(.text, allowed: values) }

    /// The member named `name` when this is an object with known members.
    func member(_ name: String) -> RecordFieldShape? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.shape
    }

    /// The shape the comparison operators see: a list is compared element by element.
    var elementShape: RecordFieldShape {
        if case .list(let element) = self { return element.elementShape }
        return self
    }

    /// Names of the members, for "did you mean" and "known fields" hints.
    var memberNames: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.name)
    }
}
