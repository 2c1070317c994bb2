import Foundation

/// Where an AWS service lives for a region, with the overrides operators and tests use.
public enum AWSEndpoint {
    /// Precedence: `configured` (the connector's endpoint_url) > AWS_ENDPOINT_URL_<SERVICE> (INSPECTOR2, STS)
    /// > AWS_ENDPOINT_URL > https://<service>.<region>.amazonaws.com (.amazonaws.com.cn for cn-* regions).
    /// Returns a base URL without trailing slash. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true disables the
    /// two environment overrides, as in the SDKs; a value without a scheme gets https://.
    public static func resolve(service: String, region: String, configured: String?,
                               environment: [String: String]) -> String {
        if let configured = nonEmpty(configured) { return normalised(configured) }
        let ignoreEnvironment = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
        if !ignoreEnvironment {
            if let perService = nonEmpty(environment["AWS_ENDPOINT_URL_\(environmentSuffix(service))"]) {
                return normalised(perService)
            }
            if let global = nonEmpty(environment["AWS_ENDPOINT_URL"]) { return normalised(global) }
        }
        return "https://\(service).\(region).\(dnsSuffix(region: region))"
    }

    /// The partition's DNS suffix for a region name.
    public static func dnsSuffix(region: String) -> String {
        if region.hasPrefix("cn-") { return "amazonaws.com.cn" }
        if region.hasPrefix("us-isob-") { return "sc2s.sgov.gov" }
        if region.hasPrefix("us-iso-") { return "c2s.ic.gov" }
        return "amazonaws.com"
    }

    /// "inspector2" → "INSPECTOR2"; the SDKs map spaces and hyphens of the service id to underscores.
    static func environmentSuffix(_ service: String) -> String {
        String(service.uppercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    private static func normalised(_ url: String) -> String {
        var base = url.contains("://") ? url : "https://\(url)"
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
