import JSONBytes
@testable import FindingsCollector

/// What the field-catalogue tests share: a record walked beside the catalogue of its kind.
enum RecordCatalogWalk {
    /// Walks a record beside the catalogue; records paths it does not know or whose type differs. Vendor
    /// objects may hold `null` where the API has no value.
    static func check(_ value: JSONValue, against shape: RecordFieldShape, at path: String,
                      unknown: inout [String], seen: inout Set<String>) {
        if !path.isEmpty { seen.insert(path) }
        switch (shape, value.kind) {
        case (.unknown, _), (.openObject, .object):
            return
        case (_, .null) where !path.hasPrefix("normalized"):
            return
        case (.object, .object):
            for (key, member) in value.members {
                let memberPath = path.isEmpty ? key : "\(path).\(key)"
                guard let memberShape = shape.member(key) else {
                    unknown.append(memberPath)
                    continue
                }
                check(member, against: memberShape, at: memberPath, unknown: &unknown, seen: &seen)
            }
        case (.list(let element), .array):
            for item in value.elements {
                check(item, against: element, at: "\(path)[]", unknown: &unknown, seen: &seen)
            }
        case (.scalar(.text, let allowed), .string):
            if let allowed, let text = value.string, !allowed.contains(text) {
                unknown.append("\(path) = \"\(text)\" (not among the values listed)")
            }
        case (.scalar(.number, _), .number), (.scalar(.flag, _), .bool):
            return
        default:
            unknown.append("\(path) (written as \(value.kind), listed as \(shape))")
        }
    }
}
