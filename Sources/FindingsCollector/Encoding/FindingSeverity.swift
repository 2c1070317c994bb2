/// A finding's severity, ordered by priority from lowest (`informational`) to highest (`critical`).
///
/// The order drives load shedding: when the downstream cannot take everything, lower cases go first.
/// `informational` ranks below `none` because Inspector uses it for UNTRIAGED findings nobody scored yet,
/// while `none` is an explicit score of 0.
public enum FindingSeverity: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case informational, none, low, medium, high, critical

    /// The case's own name, for metrics labels and `collector_stats` (which count `informational` apart):
    /// "Critical", "High", "Medium", "Low", "None", "Informational".
    public var name: String {
        self == .informational ? "Informational" : literalName.description
    }

    /// The severity a record states (`normalized.severity`), a closed domain shared by every source:
    /// "Critical", "High", "Medium", "Low" or "None". Unscored findings (`informational`) read "None":
    /// the vendor's own label is kept in `severity_raw`, so nothing is lost. A literal, so writing it
    /// into a record creates no String.
    var literalName: StaticString {
        switch self {
        case .informational, .none: return "None"
        case .low: return "Low"
        case .medium: return "Medium"
        case .high: return "High"
        case .critical: return "Critical"
        }
    }

    /// Every value `normalized.severity` can take, highest first.
    public static let recordNames = ["Critical", "High", "Medium", "Low", "None"]

    public var description: String { name }

    /// Maps a score on the CVSS scale (0–10), whatever the source: 9.0–10 Critical, 7.0–8.9 High,
    /// 4.0–6.9 Medium, 0.1–3.9 Low, 0 None. Scores between the published bands (8.95) fall into the lower band.
    public init(score: Double) {
        switch score {
        case 9.0...: self = .critical
        case 7.0..<9.0: self = .high
        case 4.0..<7.0: self = .medium
        case let value where value > 0: self = .low
        default: self = .none   // 0, negative or NaN: nothing to rank
        }
    }

    public static func < (lhs: FindingSeverity, rhs: FindingSeverity) -> Bool { lhs.rawValue < rhs.rawValue }
}
