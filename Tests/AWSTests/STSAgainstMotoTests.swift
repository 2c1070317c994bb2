import Foundation
import HTTP
import XCTest
@testable import AWS

/// STS through the real HTTPClient, SigV4 signer and AWSServiceClient, against moto_server with
/// authentication on: moto recomputes every signature and checks IAM policies and trust policies.
final class STSAgainstMotoTests: XCTestCase {
    static let externalId = "tenant-42"
    static let account = "123456789012"   // moto's default account

    /// The unsigned IAM calls that set the scene; moto authenticates everything after them.
    static let setupActions = 5

    func testSignedSTSCallsAgainstMoto() async throws {
        let moto = try MotoServer(unauthenticatedActions: Self.setupActions)
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 10, proxy: ""))
        defer {
            client.shutdown()
            moto.stop()
        }
        let userKey = try await createUserAndRole(moto: moto, client: client)

        // 1. GetCallerIdentity with the user's key names the user.
        let userSTS = sts(moto, client, StaticCredentialProvider(userKey))
        let identity = try await userSTS.getCallerIdentity()
        XCTAssertEqual(identity.arn, "arn:aws:iam::\(Self.account):user/collector")
        XCTAssertEqual(identity.account, Self.account)

        // 2. AssumeRole with the external ID gives temporary credentials...
        let roleArn = "arn:aws:iam::\(Self.account):role/inspector-reader"
        let provider = AssumeRoleCredentialProvider(
            source: StaticCredentialProvider(userKey),
            parameters: try AssumeRoleParameters(roleArn: roleArn, externalId: Self.externalId, durationSeconds: 900),
            transport: client, region: "us-east-1", endpoint: moto.baseURL)
        let temporary = try await provider.credentials()
        XCTAssertTrue(temporary.accessKeyId.hasPrefix("ASIA"), temporary.accessKeyId)
        XCTAssertNotNil(temporary.sessionToken)
        let expiration = try XCTUnwrap(temporary.expiration)
        XCTAssertEqual(expiration.timeIntervalSinceNow, 900, accuracy: 120)

        // 3. ...which moto accepts (token signed in X-Amz-Security-Token) as the assumed role.
        let roleIdentity = try await sts(moto, client, provider).getCallerIdentity()
        XCTAssertEqual(roleIdentity.arn, "arn:aws:sts::\(Self.account):assumed-role/inspector-reader/findings-collector")

        // 4. A wrong secret fails the signature check; an unknown key id is refused as such.
        var forged = userKey
        forged.secretAccessKey = "not-the-secret-" + String(userKey.secretAccessKey.dropFirst(15))
        let badSignature = await thrownError { try await self.sts(moto, client, StaticCredentialProvider(forged)).getCallerIdentity() }
        XCTAssertEqual((badSignature as? AWSServiceError)?.code, "SignatureDoesNotMatch", "\(badSignature!)")
        XCTAssertEqual((badSignature as? AWSServiceError)?.status, 403)
        let unknown = AWSCredentials(accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: userKey.secretAccessKey)
        let badKey = await thrownError { try await self.sts(moto, client, StaticCredentialProvider(unknown)).getCallerIdentity() }
        XCTAssertEqual((badKey as? AWSServiceError)?.code, "InvalidClientTokenId", "\(badKey!)")
        XCTAssertFalse("\(badSignature!)\(badKey!)".contains(userKey.secretAccessKey), "no secret in error text")

        // 5. The trust policy's sts:ExternalId condition. moto 5.x enforces a WRONG external ID (AccessDenied,
        //    as AWS does) but lets a MISSING one through, where AWS denies: a StringEquals on an absent key
        //    passes vacuously in moto's evaluator. So only our own validation guards the "forgot the ID" case.
        let assumer = sts(moto, client, StaticCredentialProvider(userKey))
        let wrong = await thrownError {
            try await assumer.assumeRole(roleArn: roleArn, externalId: "tenant-43", sessionName: "probe", durationSeconds: 900)
        }
        XCTAssertEqual((wrong as? AWSServiceError)?.code, "AccessDenied", "\(wrong.map { "\($0)" } ?? "accepted")")
        let missing = try? await assumer.assumeRole(roleArn: roleArn, externalId: nil, sessionName: "probe",
                                                    durationSeconds: 900)
        XCTAssertNotNil(missing, "moto now denies a missing ExternalId as AWS does: update this test and the report")
    }

    private func sts(_ moto: MotoServer, _ client: HTTPClient, _ credentials: any CredentialProvider) -> STSClient {
        STSClient(transport: client, credentials: credentials, region: "us-east-1", endpoint: moto.baseURL)
    }

    /// Creates user `collector` with an access key and a policy allowing sts:* and inspector2:*, and role
    /// `inspector-reader` that trusts the user when it presents the external ID. Returns the user's key.
    private func createUserAndRole(moto: MotoServer, client: HTTPClient) async throws -> AWSCredentials {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:*","inspector2:*"],"Resource":"*"}]}"#
        let trust = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Principal":{"AWS":"arn:aws:iam::\(Self.account):user/collector"},"Action":"sts:AssumeRole",\
        "Condition":{"StringEquals":{"sts:ExternalId":"\(Self.externalId)"}}}]}
        """
        _ = try await iam(moto, client, "CreateUser", ["UserName": "collector"])
        let key = try await iam(moto, client, "CreateAccessKey", ["UserName": "collector"])
        _ = try await iam(moto, client, "CreatePolicy", ["PolicyName": "collector-policy", "PolicyDocument": policy])
        _ = try await iam(moto, client, "AttachUserPolicy", [
            "UserName": "collector", "PolicyArn": "arn:aws:iam::\(Self.account):policy/collector-policy",
        ])
        _ = try await iam(moto, client, "CreateRole", ["RoleName": "inspector-reader", "AssumeRolePolicyDocument": trust])
        return AWSCredentials(accessKeyId: try key.required("AccessKeyId", action: "CreateAccessKey"),
                              secretAccessKey: try key.required("SecretAccessKey", action: "CreateAccessKey"))
    }

    /// One IAM query call made while moto still lets calls through unauthenticated. It is signed anyway,
    /// with a throw-away key nobody checks: moto_server routes a request to a service by the credential
    /// scope of its Authorization header (it ignores Host), and an unsigned form post would land in S3.
    private func iam(_ moto: MotoServer, _ client: HTTPClient, _ action: String,
                     _ parameters: [String: String]) async throws -> STSXML {
        var body = "Action=\(action)&Version=2010-05-08"
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            body += "&\(name)=\(STSQuery.encode(value))"
        }
        var request = HTTPRequest(method: "POST", url: moto.baseURL + "/", headers: [
            HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ], body: Array(body.utf8))
        let setupKey = AWSCredentials(accessKeyId: "AKIASETUPNOTCHECKED0", secretAccessKey: "unused")
        SigV4Signer(credentials: setupKey, region: "us-east-1", service: "iam").sign(&request, at: Date())
        let response = try await client.send(request)
        guard response.status == 200 else {
            XCTFail("IAM \(action) failed: HTTP \(response.status) \(String(decoding: response.body, as: UTF8.self))")
            throw AWSServiceError(response: response)
        }
        return STSXML(response.body)
    }
}
