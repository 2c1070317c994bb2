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

    init(_ finding: JSONValue) throws {
        guard finding.kind == .object else { throw InspectorMappingError.notAnObject(finding.kind) }
        guard let arn = finding["findingArn"].ofKind(.string), let uid = arn.string, !uid.isEmpty else {
            throw InspectorMappingError.missingFindingArn
        }
        self.finding = finding
        self.uid = uid
        uidValue = arn
        title = finding["title"].ofKind(.string)
        description = finding["description"].ofKind(.string)
        type = finding["type"].ofKind(.string)
        status = finding["status"].ofKind(.string)
        score = finding["inspectorScore"].ofKind(.number)
        severity = NormalizedFinding.severity(score: score, field: finding["severity"])
        accountId = finding["awsAccountId"].ofKind(.string)
        firstObservedAt = finding["firstObservedAt"]?.double
        lastObservedAt = finding["lastObservedAt"]?.double
        updatedAt = finding["updatedAt"]?.double
        let recommendation = finding["remediation"]?["recommendation"]
        remediationText = recommendation?["text"].ofKind(.string)
        remediationURL = recommendation?["Url"].ofKind(.string)
        fixAvailable = finding["fixAvailable"].ofKind(.string)
        exploitAvailable = finding["exploitAvailable"].ofKind(.string)
        epssScore = finding["epss"]?["score"].ofKind(.number)
        asset = finding["resources"]?[0].flatMap(NormalizedAsset.init)
        vulnerability = finding["packageVulnerabilityDetails"].ofKind(.object)
        network = finding["networkReachabilityDetails"].ofKind(.object)
        code = finding["codeVulnerabilityDetails"].ofKind(.object)
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
        if let adjusted = finding["inspectorScoreDetails"]?["adjustedCvss"]?["scoringVector"].ofKind(.string) {
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
