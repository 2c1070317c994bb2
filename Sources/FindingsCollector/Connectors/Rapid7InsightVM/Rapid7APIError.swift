import Foundation
import HTTP
import JSONBytes

/// A non-2xx answer of the InsightVM integration API, as an operator needs it: the status, the operation,
/// and Rapid7's own words (`{"status": …, "message": …, "localized_message": …}`). It never holds the
/// request: the API key travels in a header and must not reach a log line.
struct Rapid7APIError: Error, Sendable, Equatable, CustomStringConvertible {
    var status: Int
    /// The API path that answered, e.g. `/vm/v4/integration/assets`.
    var path: String
    /// Rapid7's `message` (else `localized_message`, else a short printable start of the body).
    var message: String
    /// Seconds from a Retry-After header.
    var retryAfter: Double?

    init(status: Int, path: String, message: String, retryAfter: Double? = nil) {
        self.status = status
        self.path = path
        self.message = message
        self.retryAfter = retryAfter
    }

    init(response: HTTPResponse, path: String, now: Date) {
        self.init(status: response.status, path: path, message: Self.message(in: response.body),
                  retryAfter: response.headers.value(for: "Retry-After").flatMap { RetryAfter.seconds($0, now: now) })
    }

    var isThrottling: Bool { status == 429 }
    /// Worth another attempt: throttling, request timeouts and server-side failures. Not 400/401/403/404:
    /// those answers stay the same until the configuration changes.
    var isRetryable: Bool { status == 429 || status == 408 || (500...599).contains(status) }

    var description: String {
        "\(path) returned HTTP \(status)" + (message.isEmpty ? "" : ": \(message)")
    }

    /// Rapid7's message from an error body; a few printable bytes of anything else.
    static func message(in body: [UInt8]) -> String {
        if let root = try? JSONValue.parse(body), root.kind == .object {
            for key in ["message", "localized_message", "error"] {
                if let text = root[key]?.string, !text.isEmpty { return String(text.prefix(500)) }
            }
        }
        let printable = body.prefix(120).map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") }
        return String(decoding: printable, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }
}

extension AttemptFailure {
    /// A Rapid7 error answer, classified for the retry loop.
    static func rapid7(_ error: Rapid7APIError) -> AttemptFailure {
        AttemptFailure(error: error, isRetryable: error.isRetryable, isThrottling: error.isThrottling,
                       isTimeout: error.status == 408, retryAfter: error.retryAfter,
                       reason: "HTTP \(error.status) from \(error.path)")
    }
}
