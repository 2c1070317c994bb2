import JSONBytes

/// Why a Rapid7 asset or finding cannot be mapped (the runner keeps it as a dead letter and counts it failed).
public enum Rapid7MappingError: Error, Equatable, CustomStringConvertible {
    /// An item of `data` that is not an asset object.
    case assetNotAnObject(JSONKind)
    /// A finding without an asset `id` or a `vulnerability_id`: it has no stable uid.
    case unidentifiable

    public var description: String {
        switch self {
        case .assetNotAnObject(let kind): return "a Rapid7 asset must be a JSON object, not \(kind)"
        case .unidentifiable: return "a Rapid7 finding needs its asset's id and its vulnerability_id"
        }
    }
}
