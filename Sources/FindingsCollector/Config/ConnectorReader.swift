import Foundation

/// Reads and checks one entry of `connectors`.
enum ConnectorReader {
    static func read(_ reader: ConfigReader) -> ConnectorConfig? {
        let name = reader.string("name", required: true)
        if let name, !ConfigPatterns.matches(name, ConfigPatterns.connectorName) {
            reader.report("name", "use letters, digits, '.', '_' or '-' (1–64 characters): it names the state files")
        }
        let kind = reader.choice("type", default: nil as ConnectorConfig.Kind?)
        let tenant = reader.string("tenant", required: true)
        let destination = reader.string("destination", required: true)
        let interval = reader.double("interval_minutes", default: 15, range: 0.05...1440)
        let regions = reader.stringArray("regions") ?? []
        if !reader.has("regions") { reader.report("regions", "missing (required): list the AWS regions to pull, e.g. [\"us-east-1\"]") }
        for (index, region) in regions.enumerated() where !ConfigPatterns.matches(region, ConfigPatterns.region) {
            reader.problems.add("\(reader.keyPath("regions"))[\(index)]", "\"\(region)\" is not an AWS region name (like us-east-1)")
        }
        if reader.has("regions"), regions.isEmpty { reader.report("regions", "list at least one region") }
        let endpoint = url(reader, "endpoint_url")
        let stsEndpoint = url(reader, "sts_endpoint_url")
        let lookback = reader.double("initial_lookback_hours", default: 24, range: 0...2160)
        let settle = reader.double("settle_seconds", default: 120, range: 0...3600)
        let filterCriteria = reader.rawObject("filter_criteria")
        if let criteria = reader.object("filter_criteria"), criteria.has("updatedAt") {
            criteria.report("updatedAt", "set by the collector (its incremental window); remove it")
        }
        let maxAttempts = reader.int("max_attempts", default: 10, range: 1...30)
        let maxPages = reader.int("max_pages", default: 100_000, range: 1...10_000_000)
        let tls = readTLS(reader.object("tls"))
        let auth = reader.object("auth", required: true).flatMap(AuthReader.read)
        let logFilter = LogFilterReader.read(reader) ?? .keepAll
        let partitions = reader.object("partitions").flatMap { PartitionReader.read($0, filterCriteria: reader.object("filter_criteria")) }
        reader.rejectUnknownKeys()

        guard let name, let kind, let tenant, let destination, let auth else { return nil }
        return ConnectorConfig(name: name, kind: kind, tenant: tenant, destination: destination,
                               intervalMinutes: interval, regions: regions, endpointURL: endpoint,
                               stsEndpointURL: stsEndpoint, initialLookbackHours: lookback, settleSeconds: settle,
                               filterCriteria: filterCriteria, maxAttempts: maxAttempts, maxPagesPerWindow: maxPages,
                               tls: tls, auth: auth, logFilter: logFilter, partitions: partitions)
    }

    private static func url(_ reader: ConfigReader, _ key: String) -> String? {
        guard let text = reader.string(key) else { return nil }
        guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            reader.report(key, "must be an http:// or https:// URL with a host")
            return nil
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private static func readTLS(_ reader: ConfigReader?) -> APITLSConfig {
        guard let reader else { return APITLSConfig() }
        let config = APITLSConfig(verify: reader.bool("verify", default: true), caFile: reader.string("ca_file"))
        if let caFile = config.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            reader.report("ca_file", "cannot read \(caFile)")
        }
        reader.rejectUnknownKeys()
        return config
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
        if let roleARN, !ConfigPatterns.matches(roleARN, ConfigPatterns.roleARN) {
            reader.report("role_arn", "not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)")
        }
        let externalId = reader.secret("external_id")
        if case .inline(let value)? = externalId, !ConfigPatterns.matches(value, ConfigPatterns.externalId) {
            reader.report("external_id", "must be 2–1224 characters of letters, digits and +=,.@:/-")
        }
        let sessionName = reader.string("session_name") ?? "findings-collector"
        if !ConfigPatterns.matches(sessionName, ConfigPatterns.sessionName) {
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

/// Shapes that config values must have, taken from the AWS API models.
enum ConfigPatterns {
    static let connectorName = "^[A-Za-z0-9._-]{1,64}$"
    static let region = "^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]{1,2}$"
    static let roleARN = "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$"
    static let externalId = "^[A-Za-z0-9+=,.@:/_-]{2,1224}$"
    static let sessionName = "^[A-Za-z0-9+=,.@_-]{2,64}$"

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
