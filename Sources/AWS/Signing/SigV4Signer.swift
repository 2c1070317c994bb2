import Foundation
import HTTP

/// Signs requests with AWS Signature Version 4 (header form). The date is a parameter so that tests
/// can compare exact signatures and the caller's clock decides what "now" is.
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    /// A signer for one set of credentials, region and signing name (e.g. "inspector2", "sts").
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Adds Host (when absent), X-Amz-Date, X-Amz-Security-Token (when the credentials have a token) and
    /// Authorization to the request. Signs every header present (after adding those).
    public func sign(_ request: inout HTTPRequest, at date: Date) {
        // Signing again (a retry) must replace, not duplicate, what an earlier signature added.
        let replaced: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]
        request.headers.removeAll { replaced.contains($0.name.lowercased()) }
        if request.headers.value(for: "Host") == nil {
            request.headers.insert(HTTPHeader("Host", SignableURL(request.url).host), at: 0)
        }
        request.headers.append(HTTPHeader("X-Amz-Date", SigV4Date(date).timestamp))
        // The token is signed (the suite's post-sts-header-before), as every AWS SDK does.
        if let token = credentials.sessionToken, !token.isEmpty {
            request.headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        request.headers.append(HTTPHeader("Authorization", authorization(for: request, at: date)))
    }

    /// The canonical request (SigV4 task 1) of `request` as it stands, signing all its headers.
    public func canonicalRequest(for request: HTTPRequest) -> String {
        let url = SignableURL(request.url)
        var headers = request.headers.filter { $0.name.lowercased() != "authorization" }
        if headers.value(for: "Host") == nil { headers.append(HTTPHeader("Host", url.host)) }
        let (canonicalHeaders, signedHeaders) = Canonical.headers(headers)
        let payloadHash = request.headers.value(for: "X-Amz-Content-Sha256")
            ?? Digest.hex(Digest.sha256(request.body))
        return [
            request.method.uppercased(),
            Canonical.uri(path: url.path),
            Canonical.query(url.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
    }

    /// The string to sign (SigV4 task 2) for a canonical request made at `date`.
    public func stringToSign(canonicalRequest: String, at date: Date) -> String {
        let when = SigV4Date(date)
        return [
            "AWS4-HMAC-SHA256",
            when.timestamp,
            scope(when),
            Digest.hex(Digest.sha256(canonicalRequest)),
        ].joined(separator: "\n")
    }

    /// The Authorization header value for `request` at `date` (SigV4 tasks 3 and 4).
    public func authorization(for request: HTTPRequest, at date: Date) -> String {
        let when = SigV4Date(date)
        let canonical = canonicalRequest(for: request)
        let toSign = stringToSign(canonicalRequest: canonical, at: date)
        let signature = Digest.hex(Digest.hmacSHA256(key: signingKey(day: when.day), message: toSign))
        let signedHeaders = canonical.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last ?? ""
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope(when)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    private func scope(_ when: SigV4Date) -> String {
        "\(when.day)/\(region)/\(service)/aws4_request"
    }

    private func signingKey(day: String) -> [UInt8] {
        let secret = Array("AWS4\(credentials.secretAccessKey)".utf8)
        let dateKey = Digest.hmacSHA256(key: secret, message: day)
        let regionKey = Digest.hmacSHA256(key: dateKey, message: region)
        let serviceKey = Digest.hmacSHA256(key: regionKey, message: service)
        return Digest.hmacSHA256(key: serviceKey, message: "aws4_request")
    }
}

extension SigV4Signer: CustomStringConvertible {
    /// Names the key id, region and service; never the secret or the token.
    public var description: String {
        "SigV4Signer(\(credentials), region: \(region), service: \(service))"
    }
}

/// A moment in the two UTC forms SigV4 uses: 20150830T123600Z and 20150830.
struct SigV4Date {
    let timestamp: String
    var day: String { String(timestamp.prefix(8)) }

    init(_ date: Date) {
        // gmtime_r rather than DateFormatter: thread-safe, no locale, and cheap on every request.
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        timestamp = String(format: "%04d%02d%02dT%02d%02d%02dZ",
                           Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                           Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
