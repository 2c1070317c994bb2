import FindingsCollector
import Foundation
import HTTP
import Synchronization

/// Answers STS `GetCallerIdentity` and `AssumeRole` (query protocol: form body in, XML out) on the
/// simulator's port, so a collector configured with `endpoint_url` can assume a role end to end.
/// Credentials it issues are remembered, so GetCallerIdentity signed with them names the assumed role.
final class STSDouble: Sendable {
    private struct Session: Sendable { let roleArn: String; let sessionName: String }

    let accountId: String
    let requireSigV4: Bool
    private let clock: @Sendable () -> Date
    private let sessions = Mutex<[String: Session]>([:])
    private static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    init(accountId: String, requireSigV4: Bool, clock: @escaping @Sendable () -> Date) {
        self.accountId = accountId
        self.requireSigV4 = requireSigV4
        self.clock = clock
    }

    /// Whether `request` looks like an STS query call (form-encoded `Action=` in body or query string).
    static func isSTSRequest(_ request: HTTPServerRequest) -> Bool {
        request.path == "/" && FormParameters(request).values["Action"] != nil
    }

    func handle(_ request: HTTPServerRequest) -> HTTPResponse {
        let requestId = InspectorWire.newRequestId()
        var accessKey: String?
        if requireSigV4 {
            switch SignatureCheck(service: "sts", region: nil).verify(request, now: clock()) {
            case .success(let key): accessKey = key
            case .failure(let failure): return Self.authError(failure, requestId: requestId)
            }
        }
        let form = FormParameters(request).values
        switch form["Action"] {
        case "GetCallerIdentity": return callerIdentity(accessKey: accessKey, requestId: requestId)
        case "AssumeRole": return assumeRole(form, requestId: requestId)
        default:
            return Self.error(400, "InvalidAction", "Could not find operation \(form["Action"] ?? "") for version 2011-06-15",
                              requestId: requestId)
        }
    }

    private func callerIdentity(accessKey: String?, requestId: String) -> HTTPResponse {
        let session = accessKey.flatMap { key in sessions.withLock { $0[key] } }
        let arn: String, userId: String
        if let session {
            let roleName = session.roleArn.split(separator: "/").last.map(String.init) ?? "role"
            arn = "arn:aws:sts::\(Self.account(of: session.roleArn) ?? accountId):assumed-role/\(roleName)/\(session.sessionName)"
            userId = "AROASIMULATEDROLE0001:\(session.sessionName)"
        } else {
            arn = "arn:aws:iam::\(accountId):user/simulated"
            userId = "AIDASIMULATEDUSER0001"
        }
        let account = session.flatMap { Self.account(of: $0.roleArn) } ?? accountId
        return Self.xml("""
            <GetCallerIdentityResponse xmlns="\(Self.namespace)">
              <GetCallerIdentityResult>
                <Arn>\(Self.escape(arn))</Arn>
                <UserId>\(Self.escape(userId))</UserId>
                <Account>\(account)</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata>
                <RequestId>\(requestId)</RequestId>
              </ResponseMetadata>
            </GetCallerIdentityResponse>
            """)
    }

    private func assumeRole(_ form: [String: String], requestId: String) -> HTTPResponse {
        func invalid(_ message: String) -> HTTPResponse { Self.error(400, "ValidationError", message, requestId: requestId) }
        guard let roleArn = form["RoleArn"], let roleAccount = Self.account(of: roleArn), roleArn.contains(":role/") else {
            return invalid("Value '\(form["RoleArn"] ?? "")' at 'roleArn' failed to satisfy constraint: Member must be an IAM role ARN")
        }
        guard let sessionName = form["RoleSessionName"], (2...64).contains(sessionName.count),
              sessionName.allSatisfy({ $0.isLetter || $0.isNumber || "=,.@_-".contains($0) }) else {
            return invalid("Value at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and match [\\w+=,.@-]*")
        }
        if let externalId = form["ExternalId"], !(2...1224).contains(externalId.count) {
            return invalid("Value at 'externalId' failed to satisfy constraint: Member must have length between 2 and 1224")
        }
        let duration = form["DurationSeconds"].flatMap(Int.init) ?? 3_600
        guard (900...43_200).contains(duration) else {
            return invalid("Value '\(duration)' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200")
        }
        let serial = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let accessKeyId = "ASIA" + serial.prefix(16)
        sessions.withLock { $0[accessKeyId] = Session(roleArn: roleArn, sessionName: sessionName) }
        let roleName = roleArn.split(separator: "/").last.map(String.init) ?? "role"
        let expiration = clock().addingTimeInterval(TimeInterval(duration)).formatted(.iso8601)
        return Self.xml("""
            <AssumeRoleResponse xmlns="\(Self.namespace)">
              <AssumeRoleResult>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::\(roleAccount):assumed-role/\(Self.escape(roleName))/\(Self.escape(sessionName))</Arn>
                  <AssumedRoleId>AROASIMULATEDROLE0001:\(Self.escape(sessionName))</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>\(accessKeyId)</AccessKeyId>
                  <SecretAccessKey>simulated/\(serial)</SecretAccessKey>
                  <SessionToken>FwoGZXIvYXdzEBYaDSimulatedSessionToken\(serial)</SessionToken>
                  <Expiration>\(expiration)</Expiration>
                </Credentials>
                <PackedPolicySize>6</PackedPolicySize>
              </AssumeRoleResult>
              <ResponseMetadata>
                <RequestId>\(requestId)</RequestId>
              </ResponseMetadata>
            </AssumeRoleResponse>
            """)
    }

    private static func authError(_ failure: SignatureCheck.Failure, requestId: String) -> HTTPResponse {
        switch failure {
        case .missing: return error(403, "MissingAuthenticationToken", "Request is missing Authentication Token", requestId: requestId)
        case .incomplete(let message): return error(400, "IncompleteSignature", message, requestId: requestId)
        case .invalid(let message): return error(403, "SignatureDoesNotMatch", message, requestId: requestId)
        case .unrecognizedClient:
            return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.", requestId: requestId)
        }
    }

    private static func error(_ status: Int, _ code: String, _ message: String, requestId: String) -> HTTPResponse {
        var response = xml("""
            <ErrorResponse xmlns="\(namespace)">
              <Error>
                <Type>Sender</Type>
                <Code>\(code)</Code>
                <Message>\(escape(message))</Message>
              </Error>
              <RequestId>\(requestId)</RequestId>
            </ErrorResponse>
            """)
        response.status = status
        response.headers.append(HTTPHeader("x-amzn-RequestId", requestId))
        return response
    }

    private static func xml(_ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/xml")], body: Array(text.utf8))
    }

    /// The 12-digit account of an ARN such as `arn:aws:iam::123456789012:role/x`.
    private static func account(of arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", parts[4].count == 12, parts[4].allSatisfy(\.isNumber) else { return nil }
        return String(parts[4])
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// `application/x-www-form-urlencoded` parameters from the body, falling back to the query string.
struct FormParameters {
    let values: [String: String]

    init(_ request: HTTPServerRequest) {
        let text = request.body.isEmpty ? request.query : String(decoding: request.body, as: UTF8.self)
        var values: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (raw: Substring) in
                raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(raw)
            }
            values[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        self.values = values
    }
}
