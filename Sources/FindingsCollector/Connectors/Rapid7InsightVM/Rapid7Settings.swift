/// A `rapid7_insightvm` connector's own settings (the shared ones — name, tenant, destination, interval, TLS,
/// max_attempts — live in `ConnectorConfig`).
struct Rapid7Settings: ConnectorSettings, Equatable {
    /// Where the API is: a Rapid7 region, or an explicit base URL (a proxy, a test double).
    var endpoint: Rapid7Endpoint
    /// The Insight Platform API key, sent as `X-Api-Key`; resolved when a pass starts, never logged.
    var apiKey: SecretSource
    /// Assets per page (`size`), 1–500.
    var pageSize: Int
    /// Operator's asset search criteria, ANDed into every assets request.
    var assetFilter: String?
    /// Operator's vulnerability search criteria, ANDed into every assets request.
    var vulnerabilityFilter: String?

    static let defaultPageSize = 500
    static let pageSizeRange = 1...500
    /// Pages of assets one listing may take before it stops with an error (the loop is bounded: an API that
    /// kept handing out cursors would otherwise hold a pass for ever). 100 000 pages of 500 is 50 M assets.
    static let maxPagesPerListing = 100_000
}

/// The Insight Platform regions that host InsightVM's integration API (`https://{region}.api.insight.rapid7.com`).
enum Rapid7Region: String, CaseIterable, Sendable {
    case us, us2, us3, eu, ca, au, ap
}

/// Where a connector's API calls go.
enum Rapid7Endpoint: Sendable, Equatable {
    case region(Rapid7Region)
    /// An explicit base URL without a trailing slash (`endpoint_url`).
    case custom(String)

    /// The base URL the API paths (`/vm/v4/...`) are appended to.
    var baseURL: String {
        switch self {
        case .region(let region): return "https://\(region.rawValue).api.insight.rapid7.com"
        case .custom(let url): return url
        }
    }

    /// What the connector's cursor and journal are kept under: the region, or `custom` for an endpoint_url
    /// (one connector has one endpoint, so one scope; the URL itself may carry a port or credentials-free
    /// path that would make a poor file name).
    var scope: String {
        switch self {
        case .region(let region): return region.rawValue
        case .custom: return "custom"
        }
    }
}
