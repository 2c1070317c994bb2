import JSONBytes

/// The parts of an Inspector finding the record's `normalized` object is built from, located once.
///
/// Values are views into the response bytes: strings are spliced into the record still escaped, so
/// mapping creates almost no Strings. Each field is nil when absent or of an unexpected JSON kind.
struct NormalizedFinding {
    let finding: JSONValue
    let uid: String
    let uidValue: JSONValue
    let title: JSONValue?
    let description: JSONValue?
    let type: JSONValue?
    let status: JSONValue?
    let severity: FindingSeverity
    let score: JSONValue?
    let accountId: JSONValue?
    let firstObservedAt: Double?
    let lastObservedAt: Double?
    let updatedAt: Double?
    let remediationText: JSONValue?
    let remediationURL: JSONValue?
    let fixAvailable: JSONValue?
    let exploitAvailable: JSONValue?
    let epssScore: JSONValue?
    let asset: NormalizedAsset?
    let vulnerability: JSONValue?
    let network: JSONValue?
    let code: JSONValue?
    let scoreDetails: JSONValue?

    /// The top-level members read, looked up in one pass; indices below follow this order.
    private static let memberNames: [StaticString] = [
        "findingArn", "title", "description", "type", "status", "inspectorScore", "severity", "awsAccountId",
        "firstObservedAt", "lastObservedAt", "updatedAt", "remediation", "fixAvailable", "exploitAvailable",
        "epss", "resources", "packageVulnerabilityDetails", "networkReachabilityDetails",
        "codeVulnerabilityDetails", "inspectorScoreDetails",
    ]

    init(_ finding: JSONValue) throws {
        guard finding.kind == .object else { throw InspectorMappingError.notAnObject(finding.kind) }
        let member = finding.members(named: NormalizedFinding.memberNames)
        guard let arn = member[0].ofKind(.string), let uid = arn.string, !uid.isEmpty else {
            throw InspectorMappingError.missingFindingArn
        }
        self.finding = finding
        self.uid = uid
        uidValue = arn
        title = member[1].ofKind(.string)
        description = member[2].ofKind(.string)
        type = member[3].ofKind(.string)
        status = member[4].ofKind(.string)
        score = member[5].ofKind(.number)
        severity = NormalizedFinding.severity(score: score, field: member[6])
        accountId = member[7].ofKind(.string)
        firstObservedAt = member[8]?.double
        lastObservedAt = member[9]?.double
        updatedAt = member[10]?.double
        let recommendation = member[11]?["recommendation"]
        remediationText = recommendation?["text"].ofKind(.string)
        remediationURL = recommendation?["Url"].ofKind(.string)
        fixAvailable = member[12].ofKind(.string)
        exploitAvailable = member[13].ofKind(.string)
        epssScore = member[14]?["score"].ofKind(.number)
        asset = member[15]?[0].flatMap(NormalizedAsset.init)
        vulnerability = member[16].ofKind(.object)
        network = member[17].ofKind(.object)
        code = member[18].ofKind(.object)
        scoreDetails = member[19].ofKind(.object)
    }

    /// The score decides when present (the table in `FindingSeverity`); otherwise Inspector's own label.
    private static func severity(score: JSONValue?, field: JSONValue?) -> FindingSeverity {
        if let value = score?.double { return FindingSeverity(inspectorScore: value) }
        return field?.string.flatMap(FindingSeverity.init(inspectorSeverity:)) ?? .informational
    }

    /// `Fixed` for CLOSED and SUPPRESSED, `Active` for anything else (including a missing status).
    var normalizedStatus: String {
        guard let status else { return "Active" }
        return status.isString("CLOSED") || status.isString("SUPPRESSED") ? "Fixed" : "Active"
    }

    /// The adjusted CVSS vector Inspector scored with, else the first vendor CVSS vector.
    var scoringVector: JSONValue? {
        if let adjusted = scoreDetails?["adjustedCvss"]?["scoringVector"].ofKind(.string) {
            return adjusted
        }
        return vulnerability?["cvss"]?.elements.lazy.compactMap { $0["scoringVector"].ofKind(.string) }.first
    }

    /// `vulnerabilityId` then `relatedVulnerabilities`, keeping only CVE ids, each once, in order.
    func cves(limit: Int = .max) -> [JSONValue] {
        guard let vulnerability else { return [] }
        var candidates: [JSONValue] = []
        if let id = vulnerability["vulnerabilityId"] { candidates.append(id) }
        candidates += vulnerability["relatedVulnerabilities"]?.elements ?? []
        var result: [JSONValue] = []
        for candidate in candidates where result.count < limit && candidate.isCVEIdentifier {
            if !result.contains(where: { $0.hasSameRawBytes(as: candidate) }) {
                result.append(candidate)
            }
        }
        return result
    }
}

extension Optional where Wrapped == JSONValue {
    /// The value if it has the expected kind; a `null` or a surprising shape counts as absent.
    func ofKind(_ kind: JSONKind) -> JSONValue? {
        guard let value = self, value.kind == kind else { return nil }
        return value
    }
}

extension JSONValue {
    /// A string spelled `CVE-…` (Inspector also reports GHSA, ALAS, SNYK ids, which are not CVEs).
    var isCVEIdentifier: Bool {
        guard kind == .string else { return false }
        let raw = rawBytes
        return raw.count > 5 && raw.dropFirst().starts(with: "CVE-".utf8)
    }
}
