import Foundation

/// What an AssumeRole call asks for, checked against STS's documented limits before any call is made,
/// so a typo is reported at config time with the field named rather than as an STS ValidationError.
public struct AssumeRoleParameters: Sendable, Equatable {
    public let roleArn: String
    public let externalId: String?
    public let sessionName: String
    public let durationSeconds: Int

    public static let defaultSessionName = "findings-collector"
    public static let defaultDuration = 3600
    public static let durationRange = 900...43200

    /// Validates every field; throws the `CredentialError` naming the first that is wrong.
    public init(roleArn: String, externalId: String? = nil, sessionName: String? = nil,
                durationSeconds: Int? = nil) throws {
        let sessionName = sessionName ?? Self.defaultSessionName
        let durationSeconds = durationSeconds ?? Self.defaultDuration
        try Self.validate(roleArn: roleArn)
        if let externalId { try Self.validate(externalId: externalId) }
        try Self.validate(sessionName: sessionName)
        guard Self.durationRange.contains(durationSeconds) else {
            throw CredentialError.invalidDuration(durationSeconds)
        }
        self.roleArn = roleArn
        self.externalId = externalId
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
    }

    /// `arn:aws[-cn|-us-gov]:iam::<12 digits>:role/<path/name>`.
    public static func validate(roleArn: String) throws {
        let parts = roleArn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let valid = parts.count == 6
            && parts[0] == "arn"
            && ["aws", "aws-cn", "aws-us-gov"].contains(parts[1])
            && parts[2] == "iam"
            && parts[3].isEmpty
            && parts[4].count == 12 && parts[4].allSatisfy { $0.isASCII && $0.isNumber }
            && parts[5].hasPrefix("role/")
            && parts[5].count > "role/".count && parts[5].count <= 512
            && parts[5].allSatisfy { isWordCharacter($0) || "+=,.@/-".contains($0) }
            && !parts[5].hasSuffix("/")
        if !valid { throw CredentialError.invalidRoleArn(roleArn) }
    }

    /// 2–1224 characters of `[\w+=,.@:/-]`. The value itself is kept out of the message.
    public static func validate(externalId: String) throws {
        guard (2...1224).contains(externalId.count) else {
            throw CredentialError.invalidExternalId(reason: "it has \(externalId.count) characters")
        }
        if let bad = externalId.first(where: { !(isWordCharacter($0) || "+=,.@:/-".contains($0)) }) {
            throw CredentialError.invalidExternalId(reason: "it contains the character \(describe(bad))")
        }
    }

    /// 2–64 characters of `[\w+=,.@-]`.
    public static func validate(sessionName: String) throws {
        guard (2...64).contains(sessionName.count) else {
            throw CredentialError.invalidSessionName(reason: "'\(sessionName)' has \(sessionName.count) characters")
        }
        if let bad = sessionName.first(where: { !(isWordCharacter($0) || "+=,.@-".contains($0)) }) {
            throw CredentialError.invalidSessionName(reason: "'\(sessionName)' contains the character \(describe(bad))")
        }
    }

    /// AWS's `\w`: ASCII letters, digits and underscore.
    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_")
    }

    private static func describe(_ character: Character) -> String {
        let scalars = character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
        return character.isWhitespace || !character.isASCII ? scalars : "'\(character)' (\(scalars))"
    }
}
