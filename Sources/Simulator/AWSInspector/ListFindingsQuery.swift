import FindingsCollector
import Foundation

/// A validated ListFindings request body: `{filterCriteria?, maxResults?, nextToken?, sortCriteria?}`.
///
/// Parsed with JSONSerialization: request bodies are small, so this is not the hot path.
struct ListFindingsQuery: Sendable {
    /// The service model does not state a default page size; the simulator uses 50.
    static let defaultMaxResults = 50
    static let sortFields: Set<String> = [
        "AWS_ACCOUNT_ID", "FINDING_TYPE", "SEVERITY", "FIRST_OBSERVED_AT", "LAST_OBSERVED_AT", "FINDING_STATUS",
        "RESOURCE_TYPE", "ECR_IMAGE_PUSHED_AT", "ECR_IMAGE_REPOSITORY_NAME", "ECR_IMAGE_REGISTRY",
        "NETWORK_PROTOCOL", "COMPONENT_TYPE", "VULNERABILITY_ID", "VULNERABILITY_SOURCE", "INSPECTOR_SCORE",
        "VENDOR_SEVERITY", "EPSS_SCORE",
    ]

    let maxResults: Int
    let token: PageToken?
    let matcher: FilterCriteriaMatcher
    /// Fingerprint of filter, sort and page size; a token is only valid for the same fingerprint.
    let fingerprint: UInt64

    /// The filterCriteria of `body` as canonical JSON (sorted keys), "" when absent or unreadable.
    /// Recorded for every request, even ones that are then refused, so tests see what was sent.
    static func canonicalFilter(of body: [UInt8]) -> String {
        guard let object = try? parseObject(body), let filter = object["filterCriteria"] else { return "" }
        return canonicalJSON(filter)
    }

    init(body: [UInt8]) throws {
        let object = try Self.parseObject(body)
        maxResults = try Self.maxResults(object["maxResults"])
        matcher = try object["filterCriteria"].map { try FilterCriteriaMatcher(json: $0) } ?? FilterCriteriaMatcher()
        if let sort = object["sortCriteria"] { try Self.validateSort(sort) }
        let parameters = "f=" + (object["filterCriteria"].map(Self.canonicalJSON) ?? "")
            + "|s=" + (object["sortCriteria"].map(Self.canonicalJSON) ?? "") + "|m=\(maxResults)"
        fingerprint = PageToken.fingerprint(of: Array(parameters.utf8))
        token = try Self.token(object["nextToken"])
    }

    private static func parseObject(_ body: [UInt8]) throws -> [String: Any] {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw RequestRejected(fault: .validationFailure(
                reason: "CANNOT_PARSE", message: "The request body is not a JSON object"))
        }
        return object
    }

    private static func maxResults(_ value: Any?) throws -> Int {
        guard let value, !(value is NSNull) else { return defaultMaxResults }
        guard !(value is String), let number = value as? NSNumber,
              number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e9 else {
            throw RequestRejected.field("maxResults", "Member must be an integer")
        }
        let count = Int(number.doubleValue)
        if count < 1 { throw RequestRejected.field("maxResults", "Member must have value greater than or equal to 1") }
        if count > 100 { throw RequestRejected.field("maxResults", "Member must have value less than or equal to 100") }
        return count
    }

    private static func token(_ value: Any?) throws -> PageToken? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw RequestRejected.field("nextToken", "Member must be a string") }
        if text.isEmpty { return nil }
        guard let token = PageToken(encoded: text) else {
            throw RequestRejected(fault: .validationFailure(
                reason: "OTHER", message: "Invalid pagination token: it was not issued by this service",
                fields: [SimulatedFault.Field(name: "nextToken", message: "invalid token")]))
        }
        return token
    }

    private static func validateSort(_ value: Any) throws {
        guard let sort = value as? [String: Any] else {
            throw RequestRejected.field("sortCriteria", "Member must be a structure")
        }
        guard let field = sort["field"] as? String, sortFields.contains(field) else {
            throw RequestRejected.field("sortCriteria.field", "Member must satisfy enum value set of SortField")
        }
        guard let order = sort["sortOrder"] as? String, order == "ASC" || order == "DESC" else {
            throw RequestRejected.field("sortCriteria.sortOrder", "Member must satisfy enum value set: [ASC, DESC]")
        }
    }

    private static func canonicalJSON(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
