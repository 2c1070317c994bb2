import Foundation

/// Reads the `rapid7_insightvm` keys of one `connectors[i]` entry, after the shared keys were read:
/// `region` | `endpoint_url` (exactly one), `auth` {`api_key` | `api_key_env` | `api_key_file`},
/// `page_size`, `asset_filter`, `vulnerability_filter`. Every problem is reported under its key path with
/// what to do. ConnectorReader rejects the keys nobody asked for once the kind has read its own.
enum Rapid7SettingsReader {
    static func read(_ reader: ConfigReader, index: Int) -> Rapid7Settings? {
        let endpoint = readEndpoint(reader)
        let apiKey = readAuth(reader)
        let pageSize = reader.int("page_size", default: Rapid7Settings.defaultPageSize, range: Rapid7Settings.pageSizeRange)
        let assetFilter = criteria(reader, "asset_filter")
        let vulnerabilityFilter = criteria(reader, "vulnerability_filter")
        guard let endpoint, let apiKey else { return nil }
        return Rapid7Settings(endpoint: endpoint, apiKey: apiKey, pageSize: pageSize,
                              assetFilter: assetFilter, vulnerabilityFilter: vulnerabilityFilter)
    }

    private static func readEndpoint(_ reader: ConfigReader) -> Rapid7Endpoint? {
        let hasRegion = reader.has("region"), hasURL = reader.has("endpoint_url")
        let region = readRegion(reader)
        let url = endpointURL(reader)
        switch (hasRegion, hasURL) {
        case (true, true):
            reader.report("endpoint_url", "give either region or endpoint_url, not both (endpoint_url replaces the region's URL)")
            return nil
        case (false, false):
            reader.report("region", "missing (required): the Insight Platform region of the organization, one of "
                          + Rapid7Region.allCases.map(\.rawValue).joined(separator: ", ")
                          + " (or endpoint_url for a proxy)")
            return nil
        case (true, false):
            return region.map(Rapid7Endpoint.region)
        case (false, true):
            return url.map(Rapid7Endpoint.custom)
        }
    }

    private static func readRegion(_ reader: ConfigReader) -> Rapid7Region? {
        guard let text = reader.string("region") else { return nil }
        guard let region = Rapid7Region(rawValue: text) else {
            reader.report("region", "unknown region \"\(text)\"; use one of: "
                          + Rapid7Region.allCases.map(\.rawValue).joined(separator: ", ")
                          + " (the Insight Platform region of the organization, shown in the platform's URL), or endpoint_url")
            return nil
        }
        return region
    }

    private static func endpointURL(_ reader: ConfigReader) -> String? {
        guard let text = reader.string("endpoint_url") else { return nil }
        guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
              let host = parsed.host, !host.isEmpty else {
            reader.report("endpoint_url", "must be an http:// or https:// URL with a host, e.g. https://us.api.insight.rapid7.com")
            return nil
        }
        guard parsed.query == nil, parsed.user == nil else {
            reader.report("endpoint_url", "must not carry a query or user info: the API key goes in auth.api_key_env or auth.api_key_file")
            return nil
        }
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    private static func readAuth(_ reader: ConfigReader) -> SecretSource? {
        guard let auth = reader.object("auth") else {
            if !reader.has("auth") {
                reader.report("auth", "missing (required): give {\"api_key_env\": \"VARIABLE\"} or {\"api_key_file\": \"/path\"} "
                              + "with an Insight Platform API key (an organization or user key with access to InsightVM)")
            }
            return nil
        }
        let key = auth.secret("api_key", required: true)
        auth.rejectUnknownKeys()
        return key
    }

    /// Search criteria are passed to Rapid7 as written; only their shape is checked here, because the API's
    /// answer to a bad one (400 with its parser's message) is what the operator needs to see.
    private static func criteria(_ reader: ConfigReader, _ key: String) -> String? {
        guard let text = reader.string(key) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            reader.report(key, "must not be blank; remove it to collect everything")
            return nil
        }
        if trimmed.contains(where: { $0.isNewline }) {
            reader.report(key, "must be one line of Rapid7 search criteria, e.g. \"os_family = 'Linux'\"")
            return nil
        }
        return trimmed
    }
}
