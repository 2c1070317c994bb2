import JSONBytes

/// The parts of an Inspector finding the record's `normalized` object is built from, located once.
///
/// Fields are nodes of a `JSONView`, valid only inside the mapper's `withView` call: strings are spliced
/// into the record still escaped, and walking the finding touches no reference count (this runs once per
/// finding, a million times per large listing). Each field is nil when absent or of an unexpected JSON kind.
struct NormalizedFinding {
    let view: JSONView
    let uid: JSONNode
    let title: JSONNode?
    let description: JSONNode?
    let type: JSONNode?
    let status: JSONNode?
    let severity: FindingSeverity
    /// Inspector's own label (CRITICAL … INFORMATIONAL, UNTRIAGED), kept beside the computed severity.
    let severityLabel: JSONNode?
    let score: JSONNode?
    let accountId: JSONNode?
    let firstObservedAt: JSONNode?
    let lastObservedAt: JSONNode?
    let updatedAt: Double?
    let remediationText: JSONNode?
    let remediationURL: JSONNode?
    let fixAvailable: JSONNode?
    let exploitAvailable: JSONNode?
    let epssScore: JSONNode?
    let lastExploitedAt: JSONNode?
    let asset: NormalizedAsset?
    /// From `packageVulnerabilityDetails`.
    let vulnerabilityId: JSONNode?
    let relatedVulnerabilities: JSONNode?
    let vulnerablePackages: JSONNode?
    let sourceURL: JSONNode?
    let vendorCVSS: JSONNode?
    /// Where the vulnerability is documented (NVD, a distribution's advisories) and what it says.
    let vulnerabilitySource: JSONNode?
    let vendorSeverity: JSONNode?
    let publishedAt: JSONNode?
    let vendorUpdatedAt: JSONNode?
    let referenceURLs: JSONNode?
    let network: JSONNode?
    let code: JSONNode?
    let scoreDetails: JSONNode?

    /// The top-level members read, looked up in one pass; indices below follow this order.
    private static let memberNames = JSONKeySet([
        "findingArn", "title", "description", "type", "status", "inspectorScore", "severity", "awsAccountId",
        "firstObservedAt", "lastObservedAt", "updatedAt", "remediation", "fixAvailable", "exploitAvailable",
        "epss", "resources", "packageVulnerabilityDetails", "networkReachabilityDetails",
        "codeVulnerabilityDetails", "inspectorScoreDetails", "exploitabilityDetails",
    ])
    /// Read from `packageVulnerabilityDetails`, in this order.
    private static let vulnerabilityNames = JSONKeySet([
        "vulnerabilityId", "relatedVulnerabilities", "vulnerablePackages", "sourceUrl", "cvss", "source",
        "vendorSeverity", "vendorCreatedAt", "vendorUpdatedAt", "referenceUrls",
    ])

    /// Read from `remediation.recommendation`, in this order.
    private static let recommendationNames = JSONKeySet(["text", "Url"])
    /// Read from a CVSS entry, in this order.
    private static let cvssNames = JSONKeySet(["scoringVector", "version"])

    init(_ finding: JSONNode, in view: JSONView) throws {
        guard view.kind(finding) == .object else { throw InspectorMappingError.notAnObject(view.kind(finding)) }
        try self.init(members: view.members(of: finding, Self.memberNames), view: view)
    }

    private init(members member: JSONMemberSlots, view: JSONView) throws {
        // A non-empty raw string cannot unescape to an empty one, so the raw length decides.
        guard let arn = view.ofKind(member[0], .string), view.rawBytes(arn).count > 2 else {
            throw InspectorMappingError.missingFindingArn
        }
        self.view = view
        uid = arn
        title = view.ofKind(member[1], .string)
        description = view.ofKind(member[2], .string)
        type = view.ofKind(member[3], .string)
        status = view.ofKind(member[4], .string)
        score = view.ofKind(member[5], .number)
        severityLabel = view.ofKind(member[6], .string)
        severity = Self.severity(score: score, field: severityLabel, in: view)
        accountId = view.ofKind(member[7], .string)
        firstObservedAt = member[8]
        lastObservedAt = member[9]
        updatedAt = view.double(member[10])
        let recommendation = view.members(of: view.member(member[11], "recommendation"), Self.recommendationNames)
        remediationText = view.ofKind(recommendation[0], .string)
        remediationURL = view.ofKind(recommendation[1], .string)
        fixAvailable = view.ofKind(member[12], .string)
        exploitAvailable = view.ofKind(member[13], .string)
        epssScore = view.member(member[14], "score", ofKind: .number)
        asset = view.element(member[15], at: 0).flatMap { NormalizedAsset($0, in: view) }
        let vulnerabilityMember = view.members(of: view.ofKind(member[16], .object), Self.vulnerabilityNames)
        vulnerabilityId = vulnerabilityMember[0]
        relatedVulnerabilities = vulnerabilityMember[1]
        vulnerablePackages = vulnerabilityMember[2]
        sourceURL = vulnerabilityMember[3]
        vendorCVSS = vulnerabilityMember[4]
        vulnerabilitySource = view.ofKind(vulnerabilityMember[5], .string)
        vendorSeverity = view.ofKind(vulnerabilityMember[6], .string)
        publishedAt = vulnerabilityMember[7]
        vendorUpdatedAt = vulnerabilityMember[8]
        referenceURLs = vulnerabilityMember[9]
        network = view.ofKind(member[17], .object)
        code = view.ofKind(member[18], .object)
        scoreDetails = view.ofKind(member[19], .object)
        lastExploitedAt = view.member(member[20], "lastKnownExploitAt")
    }

    /// The score decides when present (the table in `FindingSeverity`); otherwise Inspector's own label.
    private static func severity(score: JSONNode?, field: JSONNode?, in view: JSONView) -> FindingSeverity {
        if let value = view.double(score) { return FindingSeverity(score: value) }
        return view.string(field).flatMap(FindingSeverity.init(inspectorSeverity:)) ?? .informational
    }

    /// `Fixed` for CLOSED and SUPPRESSED, `Active` for anything else (including a missing status).
    var normalizedStatus: StaticString {
        view.isString(status, "CLOSED") || view.isString(status, "SUPPRESSED") ? "Fixed" : "Active"
    }

    /// The CVSS Inspector scored with (its adjusted CVSS), else the first vendor CVSS entry with a vector:
    /// the record's `scoring_vector` and `cvss_version` come from the same entry. Its `scoringVector` (a
    /// string) and `version` members, each looked up once; both nil when no entry has a vector.
    var scoringCVSS: (vector: JSONNode?, version: JSONNode?) {
        let view = self.view
        let adjusted = view.members(of: view.member(scoreDetails, "adjustedCvss"), Self.cvssNames)
        if let vector = view.ofKind(adjusted[0], .string) { return (vector, adjusted[1]) }
        var first: (vector: JSONNode?, version: JSONNode?) = (nil, nil)
        view.forEachElement(vendorCVSS) { entry in
            guard first.vector == nil else { return }
            let entryMember = view.members(of: entry, Self.cvssNames)
            if let vector = view.ofKind(entryMember[0], .string) { first = (vector, entryMember[1]) }
        }
        return first
    }

    /// Calls `body` with `vulnerabilityId` then each of `relatedVulnerabilities` that is a CVE id, each id
    /// once, in order, at most `limit` times. The ids already given are kept on the stack, not the heap.
    func forEachCVE(limit: Int = .max, _ body: (JSONNode) -> Void) {
        let first = vulnerabilityId
        let related = view.ofKind(relatedVulnerabilities, .array)
        let capacity = 1 + (related.map { view.count($0) } ?? 0)
        withUnsafeTemporaryAllocation(of: JSONNode.self, capacity: capacity) { given in
            var count = 0
            if let first, limit > 0, isCVEIdentifier(first) {
                given.initializeElement(at: 0, to: first)
                count = 1
                body(first)
            }
            view.forEachElement(related) { candidate in
                guard count < limit, isCVEIdentifier(candidate) else { return }
                for index in 0..<count where view.hasSameRawBytes(given[index], candidate) { return }
                given.initializeElement(at: count, to: candidate)
                count += 1
                body(candidate)
            }
        }
    }

    /// A string spelled `CVE-…` (Inspector also reports GHSA, ALAS, SNYK ids, which are not CVEs).
    private func isCVEIdentifier(_ node: JSONNode) -> Bool {
        guard view.kind(node) == .string else { return false }
        let raw = view.rawBytes(node)
        return raw.count > 5 && raw[1] == UInt8(ascii: "C") && raw[2] == UInt8(ascii: "V")
            && raw[3] == UInt8(ascii: "E") && raw[4] == UInt8(ascii: "-")
    }
}
