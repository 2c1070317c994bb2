/// An `aws_inspector` connector's own settings: which regions, how to reach and sign for Inspector2, and
/// what to list.
struct InspectorSettings: ConnectorSettings {
    var regions: [String]
    /// Overrides the Inspector2 endpoint (and, unless `stsEndpointURL` is set, nothing else).
    var endpointURL: String?
    var stsEndpointURL: String?
    /// Findings updated in the last few minutes may still be written by AWS: the window ends this far back.
    var settleSeconds: Double
    /// Extra Inspector2 `filterCriteria`, passed through verbatim (raw JSON object bytes).
    var filterCriteria: [UInt8]?
    var maxPagesPerWindow: Int
    var auth: AuthConfig
    /// Split each window into listings paged at once (nil: one listing).
    var partitions: PartitionConfig?
}

/// How a connector splits a window into disjoint listings (`ListingPartitions`).
struct PartitionConfig: Sendable {
    var dimensions: [(ListingPartitions.Dimension, [String])]
    var maxConcurrency: Int
}

/// How a connector obtains AWS credentials.
struct AuthConfig: Sendable {
    enum Method: String, Sendable, CaseIterable {
        case accessKey = "access_key"
        case iamRole = "iam_role"
        case defaultChain = "default"
    }

    var method: Method
    var accessKeyId: SecretSource?
    var secretAccessKey: SecretSource?
    var sessionToken: SecretSource?
    var roleARN: String?
    var externalId: SecretSource?
    var sessionName: String
    var durationSeconds: Int
}
