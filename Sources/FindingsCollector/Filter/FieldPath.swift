import JSONBytes

/// A path into a record, as written in a rule's `field`: names joined by `.`, `[]` after a list's name
/// (`finding.packageVulnerabilityDetails.vulnerablePackages[].name`, nested lists `matrix[][]`).
///
/// Lookup is forgiving at run time so a rule never crashes on a surprising record: stepping into a
/// name on a list steps into every element, and `[]` on a value that is not a list keeps the value.
/// Config validation (`RecordFields`) is what insists on the documented spelling for known fields.
/// Names cannot contain `.`, `[` or `]`; positions (`[0]`) are not supported.
public struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    /// One step of a path.
    public enum Step: Sendable, Equatable {
        /// The member with this name.
        case member(String)
        /// Every element of a list.
        case elements
    }

    /// The steps, in order from the record's top level.
    public let steps: [Step]
    /// The path as written.
    public let description: String
    /// Each step's name as UTF-8 (empty for `.elements`), to look members up without a String.
    private let memberKeys: [[UInt8]]

    /// Parses a path; throws `FilterRuleError.pathSyntax` naming what is wrong.
    public init(_ text: String) throws(FilterRuleError) {
        func fail(_ reason: String) -> FilterRuleError { .pathSyntax(path: text, reason: reason) }
        guard !text.isEmpty else { throw fail("the path is empty") }
        var steps: [Step] = []
        for (position, segment) in text.split(separator: ".", omittingEmptySubsequences: false).enumerated() {
            guard !segment.isEmpty else {
                throw fail(position == 0 ? "it starts with '.'" : "empty name between dots, or a trailing '.'")
            }
            guard let bracket = segment.firstIndex(of: "[") else {
                if segment.contains("]") { throw fail("']' without '[' in \"\(segment)\"") }
                steps.append(.member(String(segment)))
                continue
            }
            let name = segment[..<bracket]
            guard !name.isEmpty else { throw fail("\"\(segment)\": [] must follow a field name") }
            guard !name.contains("]") else { throw fail("']' without '[' in \"\(segment)\"") }
            steps.append(.member(String(name)))
            var rest = segment[bracket...]
            while !rest.isEmpty {
                guard rest.hasPrefix("[]") else {
                    if rest.hasPrefix("["), rest.dropFirst().first?.isNumber == true {
                        throw fail("\"\(segment)\": positions like [0] are not supported; [] matches any element")
                    }
                    throw fail("\"\(segment)\": after a name only [] may follow (any element of a list)")
                }
                steps.append(.elements)
                rest = rest.dropFirst(2)
            }
        }
        self.steps = steps
        self.description = text
        memberKeys = steps.map { step in
            if case .member(let name) = step { return Array(name.utf8) }
            return []
        }
    }

    /// Calls `visit` with each non-null value the path reaches in `record`, until `visit` returns true;
    /// answers whether it did. A value may itself be a list (the path ended on one).
    func anyValue(in record: FilterSubject, where visit: (JSONView, JSONNode) -> Bool) -> Bool {
        record.withRoot(for: self) { view, root, firstStep in walk(view, root, from: firstStep) { visit(view, $0) } }
    }

    /// Recursive only over the path's steps (each call goes one step further): lists nested in a list,
    /// which a record may nest to any depth, are stepped through iteratively.
    private func walk(_ view: JSONView, _ node: JSONNode, from step: Int, _ visit: (JSONNode) -> Bool) -> Bool {
        guard step < steps.count else { return view.kind(node) != .null && visit(node) }
        switch steps[step] {
        case .member:
            if view.kind(node) == .array {
                return view.containsValueThroughArrays(node) { walk(view, $0, from: step, visit) }
            }
            guard let child = memberKeys[step].withUnsafeBufferPointer({ view.member(node, named: $0) }) else {
                return false
            }
            return walk(view, child, from: step + 1, visit)
        case .elements:
            guard view.kind(node) == .array else { return walk(view, node, from: step + 1, visit) }
            return view.containsElement(node) { walk(view, $0, from: step + 1, visit) }
        }
    }
}
