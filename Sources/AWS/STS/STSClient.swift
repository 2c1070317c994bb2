import Foundation
import HTTP

/// Who the credentials belong to, as STS GetCallerIdentity reports it.
public struct CallerIdentity: Sendable, Equatable {
    public var account: String
    public var arn: String
    public var userId: String

    public init(account: String, arn: String, userId: String) {
        self.account = account
        self.arn = arn
        self.userId = userId
    }
}

/// Something that can exchange credentials for a role's; `STSClient` is the real one, tests pass fakes.
public protocol RoleAssuming: Sendable {
    /// Calls AssumeRole and returns the temporary credentials, with their expiration.
    func assumeRole(roleArn: String, externalId: String?, sessionName: String, durationSeconds: Int)
        async throws -> AWSCredentials
}

/// AWS STS over the query protocol. Signed calls go through `AWSServiceClient` (retries included);
/// AssumeRoleWithWebIdentity is unsigned by design and goes straight to the transport.
/// Service failures are thrown as `AWSServiceError` (code, message, request id).
public struct STSClient: RoleAssuming {
    private let transport: any HTTPTransport
    private let signed: AWSServiceClient?
    private let endpoint: String

    /// `credentials` sign the calls (nil allows only AssumeRoleWithWebIdentity); `endpoint` is a base URL
    /// such as `AWSEndpoint.resolve(service: "sts", …)` returns.
    public init(transport: any HTTPTransport, credentials: (any CredentialProvider)?, region: String,
                endpoint: String) {
        self.transport = transport
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.endpoint = base
        self.signed = credentials.map {
            AWSServiceClient(transport: transport, credentials: $0, region: region, service: "sts", endpoint: base)
        }
    }

    /// GetCallerIdentity: works with any valid credentials and needs no IAM permission.
    public func getCallerIdentity() async throws -> CallerIdentity {
        let xml = try await call(STSQuery(action: "GetCallerIdentity"))
        let (action, result) = ("GetCallerIdentity", "GetCallerIdentityResult")
        return CallerIdentity(account: try xml.required("Account", in: result, action: action),
                              arn: try xml.required("Arn", in: result, action: action),
                              userId: try xml.required("UserId", in: result, action: action))
    }

    /// AssumeRole with the source credentials this client signs with.
    public func assumeRole(roleArn: String, externalId: String?, sessionName: String, durationSeconds: Int)
        async throws -> AWSCredentials
    {
        var query = STSQuery(action: "AssumeRole")
        query.add("RoleArn", roleArn)
        query.add("RoleSessionName", sessionName)
        query.add("DurationSeconds", String(durationSeconds))
        query.add("ExternalId", externalId)
        return try Self.credentials(from: try await call(query), action: "AssumeRole")
    }

    /// AssumeRoleWithWebIdentity (EKS IRSA and other OIDC federations): unsigned, authenticated by the token.
    public func assumeRoleWithWebIdentity(roleArn: String, webIdentityToken: String, sessionName: String,
                                          durationSeconds: Int? = nil) async throws -> AWSCredentials
    {
        var query = STSQuery(action: "AssumeRoleWithWebIdentity")
        query.add("RoleArn", roleArn)
        query.add("RoleSessionName", sessionName)
        query.add("WebIdentityToken", webIdentityToken)
        query.add("DurationSeconds", durationSeconds.map(String.init))
        let request = HTTPRequest(method: "POST", url: endpoint + "/", headers: [Self.contentType], body: query.body)
        let response = try await transport.send(request)
        guard (200..<300).contains(response.status) else { throw AWSServiceError(response: response) }
        return try Self.credentials(from: STSXML(response.body), action: "AssumeRoleWithWebIdentity")
    }

    static let contentType = HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")

    private func call(_ query: STSQuery) async throws -> STSXML {
        guard let signed else {
            throw CredentialError.notConfigured(source: "sts", reason: "this STS client has no credentials to sign with")
        }
        let response = try await signed.send(method: "POST", path: "/", headers: [Self.contentType], body: query.body)
        return STSXML(response.body)
    }

    private static func credentials(from xml: STSXML, action: String) throws -> AWSCredentials {
        let expiration = try xml.required("Expiration", in: "Credentials", action: action)
        guard let date = ISO8601Timestamp.parse(expiration) else {
            throw CredentialError.malformedResponse(source: "STS \(action)", detail: "Expiration '\(expiration)' is not ISO 8601")
        }
        return AWSCredentials(
            accessKeyId: try xml.required("AccessKeyId", in: "Credentials", action: action),
            secretAccessKey: try xml.required("SecretAccessKey", in: "Credentials", action: action),
            sessionToken: try xml.required("SessionToken", in: "Credentials", action: action),
            expiration: date)
    }
}
