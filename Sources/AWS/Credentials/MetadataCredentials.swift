import Foundation

/// The JSON document that EC2 instance metadata and the ECS/EKS container endpoint both return:
/// `{"AccessKeyId": …, "SecretAccessKey": …, "Token": …, "Expiration": "…Z"}` (EC2 adds "Code").
enum MetadataCredentials {
    static func parse(_ body: [UInt8], source: String) throws -> AWSCredentials {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw CredentialError.malformedResponse(source: source, detail: "body is not a JSON object")
        }
        if let code = object["Code"] as? String, code != "Success" {
            throw CredentialError.metadataUnavailable(detail: "\(source) reported Code \(code)")
        }
        func field(_ key: String) throws -> String {
            guard let value = object[key] as? String, !value.isEmpty else {
                throw CredentialError.malformedResponse(source: source, detail: "no \(key) in the credentials document")
            }
            return value
        }
        let expiration = try (object["Expiration"] as? String).map { text -> Date in
            guard let date = ISO8601Timestamp.parse(text) else {
                throw CredentialError.malformedResponse(source: source, detail: "Expiration '\(text)' is not ISO 8601")
            }
            return date
        }
        return AWSCredentials(accessKeyId: try field("AccessKeyId"), secretAccessKey: try field("SecretAccessKey"),
                              sessionToken: object["Token"] as? String, expiration: expiration)
    }
}
