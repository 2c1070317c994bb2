import JSONBytes

/// The parts of a Rapid7 finding and of its vulnerability definition that `normalized` is built from, located
/// once. Like Inspector's `NormalizedFinding`, fields are nodes of `JSONView`s valid only inside the mapper's
/// `withView` calls: the finding and the definition come from different documents (the assets page and the
/// vulnerabilities page), so each keeps its own view. A field is nil when absent or of an unexpected kind.
struct Rapid7NormalizedFinding {
    let findingView: JSONView
    /// Members of the finding, in the order of `findingNames`.
    let finding: JSONMemberSlots
    /// The definition's view and members (order of `definitionNames`); nil when the page has no definition.
    let definitionView: JSONView?
    let definition: JSONMemberSlots
    let listing: Rapid7Finding.Listing
    let severity: FindingSeverity
    /// The number the severity was computed from, and its view.
    let score: (node: JSONNode, view: JSONView)?

    static let findingNames = JSONKeySet([
        "vulnerability_id", "port", "protocol", "key", "status", "first_found", "last_found", "proof",
        "solution_summary", "solution_fix", "solution_type",
    ])
    static let definitionNames = JSONKeySet([
        "title", "description", "cves", "severity", "severity_score", "cvss_v3_score", "cvss_v3_vector",
        "cvss_v2_score", "cvss_v2_vector", "published", "modified", "links", "exploits",
    ])

    init(finding node: JSONNode, in findingView: JSONView, definition: JSONNode?, in definitionView: JSONView?,
         listing: Rapid7Finding.Listing) {
        self.findingView = findingView
        finding = findingView.members(of: node, Self.findingNames)
        if let definitionView, let definition = definitionView.ofKind(definition, .object) {
            self.definitionView = definitionView
            self.definition = definitionView.members(of: definition, Self.definitionNames)
        } else {
            self.definitionView = nil
            self.definition = findingView.members(of: nil, Self.definitionNames)   // every slot empty
        }
        self.listing = listing
        score = Self.score(definition: self.definition, in: self.definitionView)
        severity = score.flatMap { $0.view.double($0.node) }.map(FindingSeverity.init(score:)) ?? .informational
    }

    /// `severity_score` (Rapid7's own 0–10), else the CVSS v3 score, else the CVSS v2 score. A CVSS score
    /// counts only beside its vector: Rapid7 sends `cvss_v3_score: 0.0` with a null vector when a
    /// vulnerability has no v3 score, which is "unknown", not "None".
    private static func score(definition: JSONMemberSlots, in view: JSONView?) -> (node: JSONNode, view: JSONView)? {
        guard let view else { return nil }
        if let score = view.ofKind(definition[4], .number) { return (score, view) }
        if view.ofKind(definition[6], .string) != nil, let score = view.ofKind(definition[5], .number) { return (score, view) }
        if view.ofKind(definition[8], .string) != nil, let score = view.ofKind(definition[7], .number) { return (score, view) }
        return nil
    }

    var definitionMissing: Bool { definitionView == nil }

    // Finding members.
    var vulnerabilityId: JSONNode? { findingView.ofKind(finding[0], .string) }
    var port: JSONNode? { findingView.ofKind(finding[1], .number) }
    var networkProtocol: JSONNode? { nonEmptyString(finding[2]) }
    var instanceKey: JSONNode? { nonEmptyString(finding[3]) }
    var status: JSONNode? { findingView.ofKind(finding[4], .string) }
    var firstFound: JSONNode? { finding[5] }
    var lastFound: JSONNode? { finding[6] }
    var proof: JSONNode? { findingView.ofKind(finding[7], .string) }
    var solutionSummary: JSONNode? { findingView.ofKind(finding[8], .string) }
    var solutionFix: JSONNode? { findingView.ofKind(finding[9], .string) }
    var solutionType: JSONNode? { nonEmptyString(finding[10]) }

    /// The finding's string at `node` unless empty (`""` says "none" in Rapid7's finding fields).
    private func nonEmptyString(_ node: JSONNode?) -> JSONNode? {
        guard let node = findingView.ofKind(node, .string), findingView.rawBytes(node).count > 2 else { return nil }
        return node
    }

    /// Fixed for a finding in `remediated`, or whose status is `NOT_VULNERABLE` (any case); Active otherwise,
    /// including the exception statuses (`VULNERABLE_EXCEPTION`…): an accepted risk is still present.
    var normalizedStatus: StaticString {
        listing == .remediated || isNotVulnerable ? "Fixed" : "Active"
    }

    private var isNotVulnerable: Bool {
        guard let status, let text = findingView.unescapedStringBytes(status) else { return false }
        let expected: StaticString = "NOT_VULNERABLE"
        guard text.count == expected.utf8CodeUnitCount else { return false }
        for index in 0..<text.count {
            var byte = text[index]
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 0x20 }
            if byte == UInt8(ascii: "-") { byte = UInt8(ascii: "_") }
            guard byte == expected.utf8Start[index] else { return false }
        }
        return true
    }

    /// `last_found` as epoch milliseconds: the finding's version.
    var lastFoundMilliseconds: Int64? { RFC3339Milliseconds.milliseconds(lastFound, in: findingView) }
}
