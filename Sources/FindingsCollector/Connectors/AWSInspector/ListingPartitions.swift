import JSONBytes

/// Splits one listing into disjoint listings that Inspector2 filters exactly, so they can be paged at once.
///
/// Each dimension contributes its known values plus an "other" slice — NOT_EQUALS every known value (Inspector2
/// ANDs the NOT_EQUALS filters of one field) — so a value AWS adds later is still listed, exactly once. With
/// several dimensions the partitions are the cross product. Values are the service model's enums
/// (inspector2-2020-06-08: Severity, ResourceType, FindingType); account ids are the operator's.
public struct ListingPartitions: Sendable {
    /// FilterCriteria members are lists of 1–10 filters (service model): the "other" slice needs one
    /// NOT_EQUALS per known value, so a dimension can split on at most this many values.
    public static let maxValuesPerField = 10

    public enum Dimension: String, Sendable, CaseIterable {
        case severity
        case resourceType = "resource_type"
        case findingType = "finding_type"
        case awsAccountId = "aws_account_id"

        /// The FilterCriteria member the dimension filters on.
        public var criteriaField: String {
            switch self {
            case .severity: return "severity"
            case .resourceType: return "resourceType"
            case .findingType: return "findingType"
            case .awsAccountId: return "awsAccountId"
            }
        }

        /// The service model's values; account ids have none (the operator lists them).
        public var knownValues: [String] {
            switch self {
            case .severity: return ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNTRIAGED"]
            case .resourceType: return ["AWS_EC2_INSTANCE", "AWS_ECR_CONTAINER_IMAGE", "AWS_ECR_REPOSITORY",
                                        "AWS_LAMBDA_FUNCTION", "CODE_REPOSITORY"]
            case .findingType: return ["NETWORK_REACHABILITY", "PACKAGE_VULNERABILITY", "CODE_VULNERABILITY"]
            case .awsAccountId: return []
            }
        }
    }

    /// One slice of a dimension: a single value, or everything but the known values.
    enum Slice {
        case value(String)
        case other([String])
    }

    /// The filterCriteria of every partition: `base` (the operator's filter_criteria) plus the slices.
    public static func criteria(splitting dimensions: [(Dimension, [String])], base: JSONValue?) -> [JSONValue] {
        var combinations: [[(Dimension, Slice)]] = [[]]
        for (dimension, values) in dimensions {
            let slices = values.map { Slice.value($0) } + [.other(values)]
            combinations = combinations.flatMap { prefix in slices.map { prefix + [(dimension, $0)] } }
        }
        return combinations.map { slices in
            var writer = JSONWriter(reservingCapacity: 512)
            writer.beginObject()
            for (key, value) in base?.members ?? [] {
                writer.key(key)
                writer.raw(value)
            }
            for (dimension, slice) in slices {
                writer.key(dimension.criteriaField)
                writer.beginArray()
                switch slice {
                case .value(let value):
                    stringFilter(&writer, "EQUALS", value)
                case .other(let values):
                    for value in values { stringFilter(&writer, "NOT_EQUALS", value) }
                }
                writer.endArray()
            }
            writer.endObject()
            // Our own writer's output is valid JSON by construction.
            return try! JSONValue.parse(writer.bytes)
        }
    }

    private static func stringFilter(_ writer: inout JSONWriter, _ comparison: String, _ value: String) {
        writer.beginObject()
        writer.key("comparison")
        writer.string(comparison)
        writer.key("value")
        writer.string(value)
        writer.endObject()
    }
}
