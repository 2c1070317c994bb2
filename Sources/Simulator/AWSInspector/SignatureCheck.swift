import FindingsCollector
import Foundation
import HTTP

/// Checks that a request carries a well-formed SigV4 signature for the right service, region and time.
///
/// The double cannot verify the signature itself (it does not know the caller's secret); moto does
/// that in the integration tests. What it catches are the mistakes a collector makes before the
/// maths: no signing at all, wrong service or region in the scope, a stale clock, a session key
/// sent without its token.
struct SignatureCheck: Sendable {
    enum Failure: Error, Equatable, Sendable {
        case missing, incomplete(String), invalid(String), unrecognizedClient
    }

    /// The SigV4 signing name the scope must name (`inspector2`, `sts`).
    let service: String
    /// The region the scope must name; nil accepts any (STS's global endpoint).
    let region: String?
    /// AWS tolerates this much clock skew before "Signature expired".
    static let allowedSkew: TimeInterval = 15 * 60

    /// The access key id of a well-formed request, or why it is refused.
    func verify(_ request: HTTPServerRequest, now: Date) -> Result<String, Failure> {
        guard let authorization = request.headers.value(for: "Authorization") else { return .failure(.missing) }
        guard authorization.hasPrefix("AWS4-HMAC-SHA256 ") else {
            return .failure(.incomplete("Authorization header must use the AWS4-HMAC-SHA256 algorithm."))
        }
        let parts = Self.parameters(of: authorization.dropFirst("AWS4-HMAC-SHA256 ".count))
        guard let credential = parts["Credential"], let signedHeaders = parts["SignedHeaders"],
              let signature = parts["Signature"] else {
            return .failure(.incomplete("Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters."))
        }
        guard let amzDate = request.headers.value(for: "X-Amz-Date") else {
            return .failure(.incomplete("Authorization header requires existence of a 'X-Amz-Date' header."))
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request", !scope[0].isEmpty else {
            return .failure(.incomplete("Credential must have the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request."))
        }
        guard scope[3] == service else {
            return .failure(.invalid("Credential should be scoped to correct service: '\(service)'."))
        }
        if let region, scope[2] != region {
            return .failure(.invalid("Credential should be scoped to a valid region, not '\(scope[2])'."))
        }
        guard let signedAt = try? Date(amzDate, strategy: Self.amzDateStyle) else {
            return .failure(.incomplete("X-Amz-Date must have the form YYYYMMDDTHHMMSSZ."))
        }
        guard amzDate.hasPrefix(scope[1]) else {
            return .failure(.invalid("Credential should be scoped to the date of X-Amz-Date (\(amzDate.prefix(8)))."))
        }
        guard abs(signedAt.timeIntervalSince(now)) <= Self.allowedSkew else {
            return .failure(.invalid("Signature expired or not yet valid: \(amzDate) is more than 15 minutes from the server's time \(now.formatted(Self.amzDateStyle))."))
        }
        let signed = Set(signedHeaders.lowercased().split(separator: ";").map(String.init))
        guard signed.contains("host"), signed.contains("x-amz-date") else {
            return .failure(.invalid("SignedHeaders must include 'host' and 'x-amz-date'."))
        }
        guard signature.count == 64, signature.allSatisfy(\.isHexDigit) else {
            return .failure(.incomplete("Signature must be 64 hexadecimal characters."))
        }
        // Temporary (ASIA…) keys are useless without their session token.
        if scope[0].hasPrefix("ASIA"), request.headers.value(for: "X-Amz-Security-Token") == nil {
            return .failure(.unrecognizedClient)
        }
        return .success(scope[0])
    }

    /// `Credential=…, SignedHeaders=…, Signature=…` as a dictionary.
    private static func parameters(of text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for part in text.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            result[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        return result
    }

    /// `YYYYMMDDTHHMMSSZ`, the X-Amz-Date form. ISO8601FormatStyle is a Sendable value type.
    static let amzDateStyle = Date.ISO8601FormatStyle(dateSeparator: .omitted, dateTimeSeparator: .standard,
                                                      timeSeparator: .omitted, timeZone: TimeZone(identifier: "UTC")!)
}
