import FindingsCollector
import Foundation
import HTTP

/// One canned error answer, shaped like Inspector2's rest-json errors: a JSON body with `message`
/// (plus `reason` and `fields` for validation), `x-amzn-ErrorType`, `x-amzn-RequestId`, and
/// `Retry-After` where the service sends one.
public struct SimulatedFault: Sendable, Equatable {
    /// One entry of a ValidationException's `fields` list.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var message: String
        public init(name: String, message: String) { self.name = name; self.message = message }
    }

    public var status: Int
    public var code: String
    public var message: String
    public var retryAfter: Int?
    /// ValidationException only: CANNOT_PARSE, FIELD_VALIDATION_FAILED or OTHER.
    public var reason: String?
    public var fields: [Field]

    /// Any error answer: status, error code (the `x-amzn-ErrorType`), message, optional Retry-After seconds.
    public static func status(_ status: Int, code: String, message: String, retryAfter: Int? = nil) -> SimulatedFault {
        SimulatedFault(status: status, code: code, message: message, retryAfter: retryAfter, reason: nil, fields: [])
    }

    /// A 400 ValidationException with the reason and offending fields, as the service reports bad input.
    public static func validationFailure(reason: String = "FIELD_VALIDATION_FAILED", message: String,
                                  fields: [Field] = []) -> SimulatedFault {
        SimulatedFault(status: 400, code: "ValidationException", message: message, retryAfter: nil,
                       reason: reason, fields: fields)
    }

    /// 429 ThrottlingException, Retry-After 1.
    public static let throttling = status(429, code: "ThrottlingException", message: "Rate exceeded", retryAfter: 1)

    /// 403 AccessDeniedException naming inspector2:ListFindings, as IAM words it.
    public static let accessDenied = status(
        403, code: "AccessDeniedException",
        message: "User: arn:aws:iam::123456789012:user/simulated is not authorized to perform: "
            + "inspector2:ListFindings on resource: arn:aws:inspector2:us-east-1:123456789012:/findings/list "
            + "because no identity-based policy allows the inspector2:ListFindings action")

    /// 400 ValidationException with reason and fields.
    public static let validation = validationFailure(
        message: "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: "
            + "Member must have value less than or equal to 100",
        fields: [Field(name: "maxResults", message: "Member must have value less than or equal to 100")])

    /// 500 InternalServerException, Retry-After 1.
    public static let internalError = status(500, code: "InternalServerException",
                                             message: "Internal server error, please retry", retryAfter: 1)

    /// 403 UnrecognizedClientException: the access key is unknown to AWS.
    public static let unrecognizedClient = status(403, code: "UnrecognizedClientException",
                                                  message: "The security token included in the request is invalid.")

    /// The HTTP answer for this fault, tagged with `requestId` (a fresh one when nil).
    public func response(requestId: String? = nil) -> HTTPResponse {
        var json = FindingJSONWriter(reservingCapacity: 256)
        json.beginObject()
        json.field("message", message)
        if let reason { json.field("reason", reason) }
        if !fields.isEmpty {
            json.key("fields"); json.beginArray()
            for field in fields {
                json.beginObject(); json.field("message", field.message); json.field("name", field.name); json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        var headers = InspectorWire.jsonHeaders(requestId: requestId ?? InspectorWire.newRequestId())
        headers.append(HTTPHeader("x-amzn-ErrorType", code))
        if let retryAfter { headers.append(HTTPHeader("Retry-After", String(retryAfter))) }
        return HTTPResponse(status: status, headers: headers, body: json.bytes)
    }
}

/// Small wire conventions shared by the simulator's answers.
enum InspectorWire {
    /// A fresh lowercase UUID, as AWS puts in `x-amzn-RequestId`.
    static func newRequestId() -> String { UUID().uuidString.lowercased() }

    static func jsonHeaders(requestId: String) -> [HTTPHeader] {
        [HTTPHeader("Content-Type", "application/json"), HTTPHeader("x-amzn-RequestId", requestId)]
    }
}
