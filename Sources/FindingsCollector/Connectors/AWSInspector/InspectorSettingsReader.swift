import Foundation

/// Reads an `aws_inspector` connector's own keys.
enum InspectorSettingsReader {
    static func read(_ reader: ConfigReader) -> InspectorSettings? {
        let regions = reader.stringArray("regions") ?? []
        if !reader.has("regions") { reader.report("regions", "missing (required): list the AWS regions to pull, e.g. [\"us-east-1\"]") }
        for (index, region) in regions.enumerated() where !ConfigPatterns.matches(region, AWSPatterns.region) {
            reader.problems.add("\(reader.keyPath("regions"))[\(index)]", "\"\(region)\" is not an AWS region name (like us-east-1)")
        }
        if reader.has("regions"), regions.isEmpty { reader.report("regions", "list at least one region") }
        let endpoint = ConnectorReader.url(reader, "endpoint_url")
        let stsEndpoint = ConnectorReader.url(reader, "sts_endpoint_url")
        let settle = reader.double("settle_seconds", default: 120, range: 0...3600)
        let filterCriteria = reader.rawObject("filter_criteria")
        if let criteria = reader.object("filter_criteria"), criteria.has("updatedAt") {
            criteria.report("updatedAt", "set by the collector (its incremental window); remove it")
        }
        let maxPages = reader.int("max_pages", default: 100_000, range: 1...10_000_000)
        let auth = reader.object("auth", required: true).flatMap(AuthReader.read)
        let partitions = reader.object("partitions").flatMap { PartitionReader.read($0, filterCriteria: reader.object("filter_criteria")) }
        guard let auth else { return nil }
        return InspectorSettings(regions: regions, endpointURL: endpoint, stsEndpointURL: stsEndpoint,
                                 settleSeconds: settle, filterCriteria: filterCriteria, maxPagesPerWindow: maxPages,
                                 auth: auth, partitions: partitions)
    }
}

/// Reads `connectors[i].auth`.
enum AuthReader {
    static func read(_ reader: ConfigReader) -> AuthConfig? {
        guard let method = reader.choice("method", default: nil as AuthConfig.Method?) else {
            reader.rejectUnknownKeys()
            return nil
        }
        let keyRequired = method == .accessKey
        var accessKeyId = reader.secret("access_key_id", required: keyRequired)
        var secretAccessKey = reader.secret("secret_access_key", required: keyRequired)
        let sessionToken = reader.secret("session_token")
        if method == .iamRole, (accessKeyId == nil) != (secretAccessKey == nil) {
            reader.report(accessKeyId == nil ? "access_key_id" : "secret_access_key",
                          "give both access_key_id and secret_access_key, or neither to use the default chain")
        }
        if method == .defaultChain, accessKeyId != nil || secretAccessKey != nil {
            reader.report("method", "\"default\" takes credentials from the AWS SDK chain; remove the keys or use \"access_key\"")
            accessKeyId = nil
            secretAccessKey = nil
        }
        let roleARN = reader.string("role_arn", required: method == .iamRole)
        if let roleARN, !ConfigPatterns.matches(roleARN, AWSPatterns.roleARN) {
            reader.report("role_arn", "not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)")
        }
        let externalId = reader.secret("external_id")
        if case .inline(let value)? = externalId, !ConfigPatterns.matches(value, AWSPatterns.externalId) {
            reader.report("external_id", "must be 2–1224 characters of letters, digits and +=,.@:/-")
        }
        let sessionName = reader.string("session_name") ?? "findings-collector"
        if !ConfigPatterns.matches(sessionName, AWSPatterns.sessionName) {
            reader.report("session_name", "must be 2–64 characters of letters, digits and +=,.@-")
        }
        let duration = reader.int("duration_seconds", default: 3600, range: 900...43_200)
        if method != .iamRole {
            for key in ["role_arn", "external_id", "external_id_env", "external_id_file", "duration_seconds"] where reader.has(key) {
                reader.report(key, "only used with method \"iam_role\"")
            }
        }
        reader.rejectUnknownKeys()
        return AuthConfig(method: method, accessKeyId: accessKeyId, secretAccessKey: secretAccessKey,
                          sessionToken: sessionToken, roleARN: roleARN, externalId: externalId,
                          sessionName: sessionName, durationSeconds: duration)
    }
}

/// Shapes that AWS values must have, taken from the AWS API models.
enum AWSPatterns {
    static let region = "^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]{1,2}$"
    static let roleARN = "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$"
    static let externalId = "^[A-Za-z0-9+=,.@:/_-]{2,1224}$"
    static let sessionName = "^[A-Za-z0-9+=,.@_-]{2,64}$"
}
