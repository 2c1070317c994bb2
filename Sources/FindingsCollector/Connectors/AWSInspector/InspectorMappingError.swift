import JSONBytes

/// Why one finding could not become a record; the collector counts it as failed and moves on.
public enum InspectorMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The finding is not a JSON object.
    case notAnObject(JSONKind)
    /// The finding has no usable `findingArn`, so it cannot be identified downstream.
    case missingFindingArn

    public var description: String {
        switch self {
        case .notAnObject(let kind):
            return "Inspector finding is a JSON \(kind), not an object; the ListFindings response is malformed"
        case .missingFindingArn:
            return "Inspector finding has no \"findingArn\" string; it cannot be identified and was not forwarded"
        }
    }
}
