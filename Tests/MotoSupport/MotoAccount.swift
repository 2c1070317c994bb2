import AWS
import Foundation
import HTTP

/// The IAM scene tests need inside moto: user `collector` with an access key and a policy allowing `sts:*` and
/// `inspector2:*`, and role `inspector-reader` that trusts the user when it presents `externalId`.
/// Created with moto's first `setupActions` calls, which moto lets through before it starts checking signatures.
public struct MotoAccount: Sendable {
    public static let setupActions = 5
    public static let account = "123456789012"   // moto's default account
    public static let userArn = "arn:aws:iam::\(account):user/collector"
    public static let roleArn = "arn:aws:iam::\(account):role/inspector-reader"

    public let userKey: AWSCredentials
    public let externalId: String

    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func create(in moto: MotoServer, using client: any HTTPTransport, externalId: String) async throws -> MotoAccount {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:*","inspector2:*"],"Resource":"*"}]}"#
        let trust = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Principal":{"AWS":"\(userArn)"},"Action":"sts:AssumeRole",\
        "Condition":{"StringEquals":{"sts:ExternalId":"\(externalId)"}}}]}
        """
        _ = try await iam(moto, client, "CreateUser", ["UserName": "collector"])
        let key = try await iam(moto, client, "CreateAccessKey", ["UserName": "collector"])
        _ = try await iam(moto, client, "CreatePolicy", ["PolicyName": "collector-policy", "PolicyDocument": policy])
        _ = try await iam(moto, client, "AttachUserPolicy", [
            "UserName": "collector", "PolicyArn": "arn:aws:iam::\(account):policy/collector-policy",
        ])
        _ = try await iam(moto, client, "CreateRole", ["RoleName": "inspector-reader", "AssumeRolePolicyDocument": trust])
        guard let id = element("AccessKeyId", in: key), let secret = element("SecretAccessKey", in: key) else {
            throw SetupError(description: "CreateAccessKey answered without a key: \(key)")
        }
        return MotoAccount(userKey: AWSCredentials(accessKeyId: id, secretAccessKey: secret), externalId: externalId)
    }

    /// One IAM query call made while moto still lets calls through unauthenticated. It is signed anyway,
    /// with a throw-away key nobody checks: moto_server routes a request to a service by the credential
    /// scope of its Authorization header (it ignores Host), and an unsigned form post would land in S3.
    private static func iam(_ moto: MotoServer, _ client: any HTTPTransport, _ action: String,
                            _ parameters: [String: String]) async throws -> String {
        var body = "Action=\(action)&Version=2010-05-08"
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            body += "&\(name)=\(value.addingPercentEncoding(withAllowedCharacters: formValueCharacters) ?? value)"
        }
        var request = HTTPRequest(method: "POST", url: moto.baseURL + "/", headers: [
            HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ], body: Array(body.utf8))
        let setupKey = AWSCredentials(accessKeyId: "AKIASETUPNOTCHECKED0", secretAccessKey: "unused")
        SigV4Signer(credentials: setupKey, region: "us-east-1", service: "iam").sign(&request, at: Date())
        let response = try await client.send(request)
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else {
            throw SetupError(description: "IAM \(action) failed: HTTP \(response.status) \(text)")
        }
        return text
    }

    /// RFC 3986 unreserved characters: everything else is percent-encoded in a form value.
    private static let formValueCharacters = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else {
            return nil
        }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
