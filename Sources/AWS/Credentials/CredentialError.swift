import Foundation

/// Why no usable AWS credentials could be had. Texts name files, variables, profiles and ARNs so an
/// operator can fix the setup; they never contain a secret key, a session token or a web-identity token.
public enum CredentialError: Error, Sendable, CustomStringConvertible {
    /// One source the default chain tried, and why it gave nothing.
    public struct Attempt: Sendable, Equatable, CustomStringConvertible {
        public var source: String
        public var reason: String
        public init(source: String, reason: String) {
            self.source = source
            self.reason = reason
        }
        public var description: String { "\(source): \(reason)" }
    }

    /// This source is not set up at all (its variables or files are absent); a chain moves on.
    case notConfigured(source: String, reason: String)
    /// The default chain found nothing; each source tried and why.
    case noneFound(tried: [Attempt])
    case fileUnreadable(path: String)
    case profileNotFound(name: String, path: String)
    case incompleteProfile(name: String, missing: [String])
    /// A profile setting with a value the SDKs would not accept either.
    case invalidProfileSetting(profile: String, key: String, detail: String)
    /// Some but not all of the credential variables are set.
    case incompleteEnvironment(missing: [String])
    case invalidRoleArn(String)
    case invalidExternalId(reason: String)
    case invalidSessionName(reason: String)
    case invalidDuration(Int)
    /// EC2 instance metadata or the container credentials endpoint gave no credentials.
    case metadataUnavailable(detail: String)
    /// A container credentials URI the SDKs refuse (plain HTTP to a host that is not loopback or ECS/EKS).
    case invalidContainerURI(String)
    /// STS answered with an error.
    case stsRejected(AWSServiceError)
    /// A response (STS XML, metadata JSON) lacked a field or could not be read.
    case malformedResponse(source: String, detail: String)

    public var description: String {
        switch self {
        case .notConfigured(let source, let reason):
            return "\(source) credentials not configured: \(reason)"
        case .noneFound(let tried):
            let lines = tried.map { "  - \($0)" }.joined(separator: "\n")
            return "no AWS credentials found; sources tried in order:\n\(lines)\n"
                + "Set access_key/secret_key in the connector, export AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY, configure a profile in ~/.aws/credentials, or run with an "
                + "instance/task role"
        case .fileUnreadable(let path):
            return "cannot read \(path): check that it exists and that this user may read it"
        case .profileNotFound(let name, let path):
            return "profile '\(name)' not found in \(path): add a [\(name)] section "
                + "(or [profile \(name)] in the config file), or fix AWS_PROFILE"
        case .incompleteProfile(let name, let missing):
            return "profile '\(name)' lacks \(missing.joined(separator: ", "))"
        case .invalidProfileSetting(let profile, let key, let detail):
            return "profile '\(profile)': \(key) \(detail)"
        case .incompleteEnvironment(let missing):
            return "environment credentials incomplete: \(missing.joined(separator: ", ")) not set"
        case .invalidRoleArn(let arn):
            return "role_arn '\(arn)' is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)"
        case .invalidExternalId(let reason):
            return "external_id invalid: \(reason) (2-1224 characters of letters, digits and +=,.@:/-_)"
        case .invalidSessionName(let reason):
            return "role session name invalid: \(reason) (2-64 characters of letters, digits and +=,.@-_)"
        case .invalidDuration(let seconds):
            return "session duration \(seconds) s is outside 900-43200 s"
                + " (and at most the role's maximum session duration)"
        case .metadataUnavailable(let detail):
            return "instance/container metadata credentials unavailable: \(detail)"
        case .invalidContainerURI(let uri):
            return "container credentials URI '\(uri)' refused: plain http is only allowed to loopback, "
                + "169.254.170.2, 169.254.170.23 or fd00:ec2::23; use https otherwise"
        case .stsRejected(let error):
            return "STS refused the request: \(error)"
        case .malformedResponse(let source, let detail):
            return "unexpected response from \(source): \(detail)"
        }
    }

    /// True when a chain should try its next source: this one is simply not set up here.
    var letsChainContinue: Bool {
        switch self {
        case .notConfigured, .metadataUnavailable: return true
        default: return false
        }
    }
}
