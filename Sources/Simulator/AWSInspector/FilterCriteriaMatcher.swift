import FindingsCollector
import Foundation

/// A request the double refuses, carrying the exact error answer to send.
struct RequestRejected: Error {
    let fault: SimulatedFault

    static func field(_ name: String, _ message: String) -> RequestRejected {
        RequestRejected(fault: .validationFailure(
            message: "1 validation error detected: Value at '\(name)' failed to satisfy constraint: \(message)",
            fields: [SimulatedFault.Field(name: name, message: message)]))
    }
}

/// Inspector2's `FilterCriteria`, for the fields a collector uses, evaluated against synthetic findings.
///
/// Semantics: fields are ANDed. Within one field, EQUALS and PREFIX conditions are ORed, and every
/// NOT_EQUALS condition must also hold (a list of exclusions excludes all of them; with only positive
/// conditions this is plain OR). Date filters in one list are ORed; bounds are inclusive.
struct FilterCriteriaMatcher: Sendable {
    enum StringField: String, CaseIterable, Sendable {
        case findingArn, awsAccountId, findingType, severity, findingStatus, resourceType
    }
    enum DateField: String, CaseIterable, Sendable { case updatedAt, lastObservedAt, firstObservedAt }
    enum Comparison: String, Sendable { case equals = "EQUALS", notEquals = "NOT_EQUALS", prefix = "PREFIX" }

    struct StringCondition: Sendable {
        let comparison: Comparison
        let value: String
    }
    struct DateRange: Sendable {
        let start: Double?
        let end: Double?
        func contains(_ time: Double) -> Bool {
            (start.map { time >= $0 } ?? true) && (end.map { time <= $0 } ?? true)
        }
    }

    private(set) var strings: [(field: StringField, conditions: [StringCondition])] = []
    private(set) var dates: [(field: DateField, ranges: [DateRange])] = []

    /// Inspector2 rejects dates outside [1970-01-01, 2033-01-01).
    static let earliestDate = 0.0
    static let latestDateExclusive = 1_988_150_400.0

    /// Members of FilterCriteria in the service model that the simulator does not evaluate.
    static let unimplementedMembers: Set<String> = [
        "title", "inspectorScore", "resourceId", "resourceTags", "ec2InstanceImageId", "ec2InstanceVpcId",
        "ec2InstanceSubnetId", "ecrImagePushedAt", "ecrImageArchitecture", "ecrImageRegistry",
        "ecrImageRepositoryName", "ecrImageTags", "ecrImageHash", "ecrImageLastInUseAt", "ecrImageInUseCount",
        "portRange", "networkProtocol", "componentId", "componentType", "vulnerabilityId", "vulnerabilitySource",
        "vendorSeverity", "vulnerablePackages", "relatedVulnerabilities", "fixAvailable", "lambdaFunctionName",
        "lambdaFunctionLayers", "lambdaFunctionRuntime", "lambdaFunctionLastModifiedAt",
        "lambdaFunctionExecutionRoleArn", "exploitAvailable", "codeVulnerabilityDetectorName",
        "codeVulnerabilityDetectorTags", "codeVulnerabilityFilePath", "epssScore", "codeRepositoryProjectName",
        "codeRepositoryProviderType",
    ]

    /// No conditions: everything matches.
    init() {}

    /// Parses `filterCriteria` as JSONSerialization produced it; throws the service's validation answer.
    init(json: Any) throws {
        guard let object = json as? [String: Any] else {
            throw RequestRejected.field("filterCriteria", "Member must be a structure")
        }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            let path = "filterCriteria.\(key)"
            if let field = StringField(rawValue: key) {
                strings.append((field, try Self.stringConditions(value, path: path)))
            } else if let field = DateField(rawValue: key) {
                dates.append((field, try Self.dateRanges(value, path: path)))
            } else if Self.unimplementedMembers.contains(key) {
                throw RequestRejected(fault: .validationFailure(
                    reason: "OTHER", message: "\(path) is valid Inspector2 input but the simulator does not implement it",
                    fields: [SimulatedFault.Field(name: path, message: "not implemented by the simulator")]))
            } else {
                throw RequestRejected.field(path, "Member is not part of FilterCriteria")
            }
        }
    }

    /// Whether the finding with these traits passes every condition.
    func matches(_ traits: FindingTraits, region: String) -> Bool {
        for (field, ranges) in dates {
            let time: Double
            switch field {
            case .updatedAt: time = traits.updatedAt
            case .lastObservedAt: time = traits.lastObservedAt
            case .firstObservedAt: time = traits.firstObservedAt
            }
            if !ranges.contains(where: { $0.contains(time) }) { return false }
        }
        for (field, conditions) in strings {
            let value: String
            switch field {
            case .findingArn: value = traits.arn(region: region)
            case .awsAccountId: value = traits.accountId
            case .findingType: value = traits.shape.findingType
            case .severity: value = traits.severity
            case .findingStatus: value = traits.status
            case .resourceType: value = traits.shape.resourceType
            }
            if !Self.satisfies(value, conditions) { return false }
        }
        return true
    }

    /// Indices that can possibly match, from the updatedAt filter (updatedAt falls as the index grows),
    /// so a narrow window over a million findings is found without scanning them all.
    func candidateIndices(in findings: SyntheticFindings) -> Range<Int> {
        guard let ranges = dates.first(where: { $0.field == .updatedAt })?.ranges, findings.spacing > 0 else {
            return 0..<findings.count
        }
        // The index whose updatedAt equals `time`, clamped first so the Int conversion cannot trap.
        func index(at time: Double) -> Int {
            let exact = ((findings.newestUpdatedAt - time) / findings.spacing).rounded(.down)
            return exact < -1 ? -1 : (exact > Double(findings.count) ? findings.count : Int(exact))
        }
        var lower = findings.count, upper = 0
        for range in ranges {
            // A margin of one index either side absorbs rounding; matches() makes the exact decision.
            let first = range.end.map { index(at: $0) - 1 } ?? 0
            let last = range.start.map { index(at: $0) + 2 } ?? findings.count
            lower = min(lower, max(0, first))
            upper = max(upper, min(findings.count, last))
        }
        return lower < upper ? lower..<upper : 0..<0
    }

    private static func satisfies(_ value: String, _ conditions: [StringCondition]) -> Bool {
        var anyPositive = false, positiveHit = false
        for condition in conditions {
            switch condition.comparison {
            case .notEquals: if value == condition.value { return false }
            case .equals: anyPositive = true; positiveHit = positiveHit || value == condition.value
            case .prefix: anyPositive = true; positiveHit = positiveHit || value.hasPrefix(condition.value)
            }
        }
        return !anyPositive || positiveHit
    }

    private static func list(_ value: Any, path: String) throws -> [Any] {
        guard let items = value as? [Any] else { throw RequestRejected.field(path, "Member must be a list") }
        guard (1...10).contains(items.count) else {
            throw RequestRejected.field(path, "Member must have length between 1 and 10")
        }
        return items
    }

    private static func stringConditions(_ value: Any, path: String) throws -> [StringCondition] {
        try list(value, path: path).enumerated().map { offset, item in
            let itemPath = "\(path)[\(offset)]"
            guard let object = item as? [String: Any] else {
                throw RequestRejected.field(itemPath, "Member must be a StringFilter structure")
            }
            guard let comparisonText = object["comparison"] as? String,
                  let comparison = Comparison(rawValue: comparisonText) else {
                throw RequestRejected.field("\(itemPath).comparison", "Member must satisfy enum value set: [EQUALS, PREFIX, NOT_EQUALS]")
            }
            guard let text = object["value"] as? String, (1...1024).contains(text.count) else {
                throw RequestRejected.field("\(itemPath).value", "Member must be a string of length between 1 and 1024")
            }
            return StringCondition(comparison: comparison, value: text)
        }
    }

    private static func dateRanges(_ value: Any, path: String) throws -> [DateRange] {
        try list(value, path: path).enumerated().map { offset, item in
            let itemPath = "\(path)[\(offset)]"
            guard let object = item as? [String: Any] else {
                throw RequestRejected.field(itemPath, "Member must be a DateFilter structure")
            }
            return DateRange(start: try date(object["startInclusive"], path: "\(itemPath).startInclusive"),
                             end: try date(object["endInclusive"], path: "\(itemPath).endInclusive"))
        }
    }

    private static func date(_ value: Any?, path: String) throws -> Double? {
        guard let value, !(value is NSNull) else { return nil }
        // Timestamps in rest-json are epoch seconds as JSON numbers; a quoted date is a client bug.
        guard !(value is String), let seconds = (value as? NSNumber)?.doubleValue else {
            throw RequestRejected.field(path, "Member must be a timestamp in epoch seconds (a JSON number)")
        }
        guard seconds >= earliestDate, seconds < latestDateExclusive else {
            throw RequestRejected.field(path, "Member must be a date between 1970-01-01 and 2033-01-01 (got \(seconds))")
        }
        return seconds
    }
}
