import Foundation
import HTTP
import XCTest
@testable import AWS

/// IMDSv2, the container endpoint and web identity, each against a fake transport.
final class MetadataProviderTests: XCTestCase {
    static let expiry = "2023-11-15T04:00:00Z"  // 5h46m after ManualClock's start

    /// A fake IMDS that insists on the IMDSv2 handshake: no token, no answer.
    static func fakeIMDS(role: String = "collector-role") -> RecordingTransport {
        RecordingTransport { request in
            // The path exactly as sent (URL.path would drop the trailing slash that matters here).
            let afterScheme = request.url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
            let path = "/" + (afterScheme.count > 3 ? afterScheme[3] : "")
            switch (request.method, path) {
            case ("PUT", "/latest/api/token"):
                guard request.headers.value(for: "X-aws-ec2-metadata-token-ttl-seconds") != nil else {
                    return HTTPResponse(status: 400)
                }
                return HTTPResponse(status: 200, body: Array("imds-session-token".utf8))
            case ("GET", _) where request.headers.value(for: "X-aws-ec2-metadata-token") != "imds-session-token":
                return HTTPResponse(status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return HTTPResponse(status: 200, body: Array("\(role)\n".utf8))
            case ("GET", "/latest/meta-data/iam/security-credentials/\(role)"):
                return HTTPResponse(status: 200, body: metadataDocument(
                    keyId: "ASIAIMDS", secret: "imdssecret", token: "imdstoken", expiration: expiry))
            default:
                return HTTPResponse(status: 404)
            }
        }
    }

    func testIMDSv2FetchesTokenFirstThenRoleThenCredentials() async throws {
        let transport = Self.fakeIMDS()
        let clock = ManualClock()
        let provider = InstanceMetadataCredentialProvider(transport: transport, environment: [:], clock: clock.function)
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials.accessKeyId, "ASIAIMDS")
        XCTAssertEqual(credentials.sessionToken, "imdstoken")
        XCTAssertEqual(transport.requests.map { "\($0.method) \($0.url)" }, [
            "PUT http://169.254.169.254/latest/api/token",
            "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/collector-role",
        ])
        XCTAssertEqual(transport.requests[0].headers.value(for: "X-aws-ec2-metadata-token-ttl-seconds"), "21600")

        // Cached while fresh; fetched again once within 5 minutes of expiry.
        _ = try await provider.credentials()
        XCTAssertEqual(transport.requests.count, 3)
        clock.advance(by: 5 * 3600 + 42 * 60)
        _ = try await provider.credentials()
        XCTAssertEqual(transport.requests.count, 6)
    }

    func testIMDSv2OverRealHTTPWithTheMetadataClientSettings() async throws {
        let server = try LoopbackHTTPServer { request in
            let token = request.headers.value(for: "X-aws-ec2-metadata-token")
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token")
                where request.headers.value(for: "X-aws-ec2-metadata-token-ttl-seconds") == "21600":
                return HTTPResponse(status: 200, body: Array("real-token".utf8))
            case ("GET", "/latest/meta-data/iam/security-credentials/") where token == "real-token":
                return HTTPResponse(status: 200, body: Array("ec2-role".utf8))
            case ("GET", "/latest/meta-data/iam/security-credentials/ec2-role") where token == "real-token":
                return HTTPResponse(status: 200, body: metadataDocument(
                    keyId: "ASIAREAL", secret: "s", token: "t", expiration: "2099-01-01T00:00:00Z"))
            default:
                return HTTPResponse(status: 401)
            }
        }
        let client = HTTPClient(settings: .metadata)
        defer {
            client.shutdown()
            server.stop()
        }
        let provider = InstanceMetadataCredentialProvider(
            transport: client, environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL])
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials.accessKeyId, "ASIAREAL")
    }

    func testIMDSRefusedConnectionFailsFast() async throws {
        let closed = try LoopbackHTTPServer { _ in HTTPResponse(status: 200) }
        let url = closed.baseURL
        closed.stop()
        let client = HTTPClient(settings: .metadata)
        defer { client.shutdown() }
        let provider = InstanceMetadataCredentialProvider(
            transport: client, environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": url])
        let started = Date()
        let error = await thrownError { try await provider.credentials() }
        guard case CredentialError.metadataUnavailable = error! else { return XCTFail("\(error!)") }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }

    func testIMDSEndpointOverrideAndDisable() async throws {
        let transport = Self.fakeIMDS()
        let overridden = InstanceMetadataCredentialProvider(
            transport: transport, environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9/"])
        _ = try await overridden.credentials()
        XCTAssertEqual(transport.requests.first?.url, "http://127.0.0.1:9/latest/api/token")

        let disabled = InstanceMetadataCredentialProvider(
            transport: transport, environment: ["AWS_EC2_METADATA_DISABLED": "TRUE"])
        let error = await thrownError { try await disabled.credentials() }
        guard case CredentialError.notConfigured(_, let reason) = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(reason, "AWS_EC2_METADATA_DISABLED=true")
        XCTAssertEqual(transport.requests.count, 3, "a disabled IMDS is never contacted")
    }

    func testIMDSUnreachableIsMetadataUnavailable() async {
        let transport = RecordingTransport { _ in throw HTTPError.timedOut(url: "http://169.254.169.254/latest/api/token") }
        let provider = InstanceMetadataCredentialProvider(transport: transport, environment: [:])
        let error = await thrownError { try await provider.credentials() }
        guard case CredentialError.metadataUnavailable(let detail) = error! else { return XCTFail("\(error!)") }
        XCTAssertTrue(detail.contains("session token"), detail)
    }

    func testContainerRelativeURIWithTokenFile() async throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let tokenFile = try dir.write("token", "pod-identity-token\n")
        let transport = RecordingTransport { _ in
            HTTPResponse(status: 200, body: metadataDocument(keyId: "ASIAECS", secret: "s", token: "t", expiration: Self.expiry))
        }
        let provider = ContainerCredentialProvider(transport: transport, environment: [
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-file-given",
        ])
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials.accessKeyId, "ASIAECS")
        XCTAssertEqual(transport.requests.first?.url, "http://169.254.170.2/v2/credentials/abc")
        XCTAssertEqual(transport.requests.first?.headers.value(for: "Authorization"), "pod-identity-token")
    }

    func testContainerFullURIAllowsLoopbackAndRefusesOtherPlainHTTPHosts() async throws {
        let transport = RecordingTransport { _ in
            HTTPResponse(status: 200, body: metadataDocument(keyId: "ASIAFULL", secret: "s", token: "t", expiration: Self.expiry))
        }
        let allowed = ContainerCredentialProvider(transport: transport, environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:51679/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer abc",
        ])
        _ = try await allowed.credentials()
        XCTAssertEqual(transport.requests.first?.headers.value(for: "Authorization"), "Bearer abc")
        XCTAssertTrue(ContainerCredentialProvider.isAllowedHTTPHost("[fd00:ec2::23]"))
        XCTAssertTrue(ContainerCredentialProvider.isAllowedHTTPHost("169.254.170.23"))

        let refused = ContainerCredentialProvider(transport: transport, environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://evil.example.com/creds",
        ])
        let error = await thrownError { try await refused.credentials() }
        guard case CredentialError.invalidContainerURI = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(transport.requests.count, 1, "nothing is sent to a refused host")
    }

    func testContainerHTTPErrorIsReported() async {
        let transport = RecordingTransport { _ in HTTPResponse(status: 403) }
        let provider = ContainerCredentialProvider(transport: transport, environment: [
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
        ])
        let error = await thrownError { try await provider.credentials() }
        XCTAssertTrue("\(error!)".contains("HTTP 403"), "\(error!)")
    }

    func testWebIdentityCallsSTSUnsignedWithTheTokenFromTheFile() async throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let tokenFile = try dir.write("token", "eyJ.oidc.token\n")
        let transport = RecordingTransport { _ in
            HTTPResponse(status: 200, body: Array("""
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult><Credentials>
                <AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>websecret</SecretAccessKey>
                <SessionToken>webtoken</SessionToken><Expiration>2023-11-15T04:00:00.000Z</Expiration>
              </Credentials></AssumeRoleWithWebIdentityResult>
            </AssumeRoleWithWebIdentityResponse>
            """.utf8))
        }
        let provider = WebIdentityCredentialProvider(transport: transport, environment: [
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
        ], region: "eu-central-1")
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials.accessKeyId, "ASIAWEB")
        XCTAssertEqual(credentials.expiration, Date(timeIntervalSince1970: 1_700_020_800))
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(request.url, "https://sts.eu-central-1.amazonaws.com/")
        XCTAssertNil(request.headers.value(for: "Authorization"), "AssumeRoleWithWebIdentity is unsigned")
        let body = String(decoding: request.body, as: UTF8.self)
        XCTAssertTrue(body.hasPrefix("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&"), body)
        XCTAssertTrue(body.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Firsa"), body)
        XCTAssertTrue(body.contains("RoleSessionName=findings-collector"), body)
        XCTAssertTrue(body.contains("WebIdentityToken=eyJ.oidc.token"), body)
    }

    func testWebIdentityWithoutRoleArnNamesIt() async {
        let provider = WebIdentityCredentialProvider(
            transport: RecordingTransport { _ in HTTPResponse(status: 500) },
            environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/tmp/x"], region: "us-east-1")
        let error = await thrownError { try await provider.credentials() }
        guard case CredentialError.incompleteEnvironment(let missing) = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(missing, ["AWS_ROLE_ARN"])
    }
}
