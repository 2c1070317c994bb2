import Foundation
import HTTP

/// An error answer from an AWS API: status, error code, message, request id, and what a retry needs.
public struct AWSServiceError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    /// The AWS error code without namespace ("ValidationException"); "UnknownError" when none was sent.
    public var code: String
    /// The service's message, with anything that could hold a session token removed.
    public var message: String
    public var requestId: String?
    /// Seconds the server asked us to wait (Retry-After), when it said so.
    public var retryAfter: Double?
    /// ValidationException's `reason` ("FIELD_VALIDATION_FAILED", ...).
    public var reason: String?
    /// ValidationException's offending field names.
    public var fields: [String]

    /// An error built from its parts (tests, and callers that synthesise one).
    public init(status: Int, code: String, message: String, requestId: String? = nil,
                retryAfter: Double? = nil, reason: String? = nil, fields: [String] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.requestId = requestId
        self.retryAfter = retryAfter
        self.reason = reason
        self.fields = fields
    }

    /// Parses rest-json (x-amzn-ErrorType header, __type/code, message/Message, x-amzn-RequestId) and
    /// query/XML (<ErrorResponse><Error><Code/><Message/></Error><RequestId/>) error bodies.
    public init(response: HTTPResponse) {
        self.init(response: response, now: Date())
    }

    /// As `init(response:)`, with the moment an HTTP-date Retry-After is measured from.
    public init(response: HTTPResponse, now: Date) {
        let parsed = AWSErrorBody(response.body)
        let headerCode = response.headers.value(for: "x-amzn-ErrorType").map(Self.withoutNamespace)
        self.init(
            status: response.status,
            code: headerCode.flatMap { $0.isEmpty ? nil : $0 } ?? parsed.code ?? "UnknownError",
            message: Self.redacted(parsed.message ?? Self.fallbackMessage(response)),
            requestId: response.headers.value(for: "x-amzn-RequestId")
                ?? response.headers.value(for: "x-amz-request-id") ?? parsed.requestId,
            retryAfter: response.headers.value(for: "Retry-After").flatMap { RetryAfter.seconds($0, now: now) },
            reason: parsed.reason,
            fields: parsed.fields)
    }

    /// 429, or one of the codes AWS SDKs treat as throttling.
    public var isThrottling: Bool {
        status == 429 || Self.throttlingCodes.contains(code)
    }

    /// Throttling, 500/502/503/504, or a transient service-side code.
    public var isRetryable: Bool {
        isThrottling || [500, 502, 503, 504].contains(status) || Self.transientCodes.contains(code)
    }

    public var description: String {
        var text = "AWS error \(status) \(code): \(message)"
        if let reason { text += " (reason \(reason)" + (fields.isEmpty ? ")" : ", fields \(fields.joined(separator: ", ")))") }
        if let requestId { text += " [request id \(requestId)]" }
        if let hint = AWSErrorHint.hint(code: code, status: status) { text += ". \(hint)" }
        return text
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalServerException", "InternalServerError",
        "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException",
        "IDPCommunicationError",
    ]

    /// "ns#Code" and "Code:http://internal..." both become "Code".
    static func withoutNamespace(_ raw: String) -> String {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.trimmingCharacters(in: .whitespaces)
    }

    /// Some services (STS among them) echo the canonical request in SignatureDoesNotMatch, and that
    /// includes the X-Amz-Security-Token value; cut it off so no token reaches a log.
    static func redacted(_ message: String) -> String {
        var text = message
        if let echo = text.range(of: "The Canonical String for this request should have been") {
            text = String(text[..<echo.lowerBound]) + "(canonical request omitted)"
        }
        if text.lowercased().contains("x-amz-security-token") {
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.lowercased().contains("x-amz-security-token") ? "x-amz-security-token:<redacted>" : String($0) }
                .joined(separator: "\n")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func fallbackMessage(_ response: HTTPResponse) -> String {
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.isEmpty ? "HTTP \(response.status) with no error body" : "HTTP \(response.status): \(text)"
    }
}
